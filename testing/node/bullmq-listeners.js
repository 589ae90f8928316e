// Real BullMQ 5 listeners on one queue, for the Java tests of worker discovery: an unnamed Worker,
// a Worker named "mailer-1" and a QueueEvents listener (whose connection BullMQ names <...>:qe and
// does not count as a worker). The queue is left empty: the workers never take a job.
// Usage: node bullmq-listeners.js <port> <queue> [prefix]
// Prints one JSON line, BullMQ's own view: {"workers": <getWorkersCount()>, "queueEvents": <n>},
// then runs until its stdin closes or it gets SIGTERM.
'use strict';
const { Queue, QueueEvents, Worker } = require('bullmq');
const { connect } = require('./connection');

const [port, name, prefix = 'bull'] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const connection = connect(port);

async function main() {
  const opts = { connection, prefix, skipStalledCheck: true };
  const workers = [new Worker(name, async () => 'done', opts),
    new Worker(name, async () => 'done', { ...opts, name: 'mailer-1' })];
  const events = new QueueEvents(name, { connection, prefix });
  await Promise.all([...workers.map(w => w.waitUntilReady()), events.waitUntilReady()]);
  const queue = new Queue(name, { connection, prefix });
  // the blocking connections name themselves once connected: wait until BullMQ sees them
  const deadline = Date.now() + 10000;
  let count = 0;
  while ((count = await queue.getWorkersCount()) < workers.length && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 20));
  }
  const queueEvents = (await queue.getQueueEvents()).length;
  console.log(JSON.stringify({ workers: count, queueEvents }));
  const stop = () => Promise.all([...workers.map(w => w.close()), events.close(), queue.close()])
    .then(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

main().catch(e => { console.error(e); process.exit(1); });
