// How the test scripts connect to Redis: to the one server at 127.0.0.1:<port>, or, when the
// environment has BULLMQ_CLUSTER=1, to the Redis Cluster that node belongs to, through an ioredis
// Cluster client (BullMQ's own way to run on a cluster; its prefix must then carry a hash tag such
// as {bull}, so that all of a queue's keys share one slot).
'use strict';
const { Cluster } = require('ioredis'); // installed with bullmq, which is built on it

function connect(port) {
  if (process.env.BULLMQ_CLUSTER !== '1') {
    return { host: '127.0.0.1', port };
  }
  // one client per process, shared by its queues and workers (a worker duplicates it to block)
  return new Cluster([{ host: '127.0.0.1', port }], {
    redisOptions: { maxRetriesPerRequest: null },
  });
}

module.exports = { connect };
