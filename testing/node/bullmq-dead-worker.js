// A BullMQ 5 queue whose only worker died in the middle of a job, and no worker is left to run
// BullMQ's stalled check: the job stays in the active list, its lock expired, not in the stalled set.
// Usage: node bullmq-dead-worker.js <port> <queue> [prefix]
// Prints one JSON line: BullMQ's own getJobCounts() of the queue.
'use strict';
const { fork } = require('child_process');
const { Queue, Worker } = require('bullmq');
const { connect } = require('./connection');

const hang = process.argv[2] === 'hang';
const args = hang ? process.argv.slice(3) : process.argv.slice(2);
const [port, name, prefix = 'bull'] = [Number(args[0]), args[1], args[2]];
const connection = connect(port);

async function hangingWorker() {
  const worker = new Worker(name, () => {
    process.send('got-job');
    return new Promise(() => {});
  }, { connection, prefix, lockDuration: 1000, concurrency: 1, skipStalledCheck: true });
  await worker.waitUntilReady();
  process.send('ready');
}

async function main() {
  const queue = new Queue(name, { connection, prefix });
  const child = fork(__filename, ['hang', String(port), name, prefix]);
  await new Promise(resolve => child.on('message', m => m === 'ready' && resolve()));
  const gotJob = new Promise(resolve => child.on('message', m => m === 'got-job' && resolve()));
  await queue.add('invoice', { n: 1 });
  await gotJob;
  child.kill('SIGKILL');
  await new Promise(r => setTimeout(r, 1500)); // let its 1 s lock expire
  await queue.addBulk([1, 2, 3].map(n => ({ name: 'invoice', data: { n } })));
  console.log(JSON.stringify(await queue.getJobCounts('wait', 'active', 'completed', 'failed')));
  await queue.close();
}

if (hang) {
  hangingWorker().catch(e => { console.error(e); process.exit(1); });
} else {
  main().then(() => process.exit(0), e => { console.error(e); process.exit(1); });
}
