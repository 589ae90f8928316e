// Populates real BullMQ 5 queues with jobs in every state, for the Java tests.
// Usage: node bullmq-states.js <port> [prefix]   (BULLMQ_CLUSTER=1: <port> is a cluster node)
// Prints one JSON line: BullMQ's own getJobCounts() per queue, for the tests to compare against.
//
// Queue "emails": 3 completed, 2 failed, 1 active job whose worker was killed (its lock expired,
// and a stalled check marked it: in the stalled set), 4 waiting, 3 prioritized, 2 delayed,
// 1 parent waiting for its children. Queue "thumbnails": the parent's 2 children, waiting.
// Queue "reports": 1500 jobs, then paused (a depth over the default threshold of 1000).
'use strict';
const { fork } = require('child_process');
const { Queue, Worker, FlowProducer } = require('bullmq');
const { connect } = require('./connection');

const port = Number(process.argv[2] === 'hang' ? process.argv[3] : process.argv[2]);
const prefix = (process.argv[2] === 'hang' ? process.argv[4] : process.argv[3]) || 'bull';
const connection = connect(port);

async function hangingWorker() {
  // Runs in a child process: takes one job, says so, and never finishes it.
  const worker = new Worker('emails', () => {
    process.send('got-job');
    return new Promise(() => {});
  }, { connection, prefix, lockDuration: 1000, concurrency: 1, skipStalledCheck: true });
  await worker.waitUntilReady();
  process.send('ready');
}

async function until(check, what) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for ' + what);
}

async function main() {
  const emails = new Queue('emails', { connection, prefix });
  const thumbnails = new Queue('thumbnails', { connection, prefix });
  const reports = new Queue('reports', { connection, prefix });

  // completed and failed, through a real worker
  await emails.addBulk([
    ...[1, 2, 3].map(i => ({ name: 'ok', data: { i } })),
    ...[1, 2].map(i => ({ name: 'fail', data: { i } })),
  ]);
  const worker = new Worker('emails', async job => {
    if (job.name === 'fail') throw new Error('mailbox full');
    return 'sent';
  }, { connection, prefix, skipStalledCheck: true });
  await until(async () => {
    const c = await emails.getJobCounts('completed', 'failed');
    return c.completed === 3 && c.failed === 2;
  }, 'completed and failed jobs');
  await worker.close();

  // active, then stalled: a worker in another process takes a job and is killed
  const child = fork(__filename, ['hang', String(port), prefix]);
  await new Promise(resolve => child.on('message', m => m === 'ready' && resolve()));
  // listen before adding: the child can take the job before add() resolves
  const gotJob = new Promise(resolve => child.on('message', m => m === 'got-job' && resolve()));
  await emails.add('hang', { stuck: true });
  await gotJob;
  child.kill('SIGKILL');
  await new Promise(r => setTimeout(r, 1500)); // let its 1 s lock expire
  const checker = new Worker('emails', null, { connection, prefix, autorun: false });
  await checker.waitUntilReady();
  await checker.moveStalledJobsToWait(); // the first check marks active jobs as stalled
  await checker.close();

  // waiting, prioritized, delayed, waiting-children
  await emails.addBulk([1, 2, 3, 4].map(i => ({ name: 'welcome', data: { i } })));
  await emails.addBulk([1, 2, 3].map(i => ({ name: 'vip', data: { i }, opts: { priority: i } })));
  await emails.addBulk([1, 2].map(i => ({ name: 'later', data: { i }, opts: { delay: 3600000 } })));
  const flows = new FlowProducer({ connection, prefix });
  await flows.add({
    name: 'digest', queueName: 'emails', data: {},
    children: [1, 2].map(i => ({ name: 'thumb', queueName: 'thumbnails', data: { i } })),
  });
  await flows.close();

  // a deep, paused queue
  const bulk = [];
  for (let i = 0; i < 1500; i++) bulk.push({ name: 'monthly', data: { i } });
  await reports.addBulk(bulk);
  await reports.pause();

  const states = ['wait', 'paused', 'active', 'prioritized', 'delayed', 'completed', 'failed',
    'waiting-children'];
  const counts = {};
  for (const q of [emails, thumbnails, reports]) {
    counts[q.name] = await q.getJobCounts(...states);
    await q.close();
  }
  console.log(JSON.stringify(counts));
}

if (process.argv[2] === 'hang') {
  hangingWorker().catch(e => { console.error(e); process.exit(1); });
} else {
  main().then(() => process.exit(0), e => { console.error(e); process.exit(1); });
}
