// A real BullMQ 5 worker for the Java tests: takes jobs from one queue and prints, for each job it
// starts, one JSON line {"id": ..., "name": ..., "at": <epoch ms>}, then completes it.
// Usage: node bullmq-worker.js <port> <queue> [prefix]   (BULLMQ_CLUSTER=1: a cluster node)
// Prints "ready" once connected. The stalled check is off, so only the bot moves stalled jobs.
'use strict';
const { Worker } = require('bullmq');
const { connect } = require('./connection');

const [port, queue, prefix = 'bull'] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const worker = new Worker(queue, async job => {
  process.stdout.write(JSON.stringify({ id: job.id, name: job.name, at: Date.now() }) + '\n');
  return 'done';
}, { connection: connect(port), prefix, concurrency: 5, skipStalledCheck: true });

worker.waitUntilReady().then(() => process.stdout.write('ready\n'));
process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
