"""Populates real RQ queues (Debian's python3-rq) for the Java tests.

Usage: /usr/bin/python3 rq-states.py <port>
Prints one JSON line with RQ's own counts, for the tests to compare against.

Queue "default": 1 finished and 2 failed jobs (run by a real SimpleWorker), 5 queued, 1 deferred
(waiting on the stuck job below), 1 scheduled an hour from now.
Queue "slow": 1 started job whose worker process ("killed-worker") was killed with SIGKILL. RQ
would only call it abandoned once its registry score (now + heartbeat TTL, at least 60 s) passes;
the script moves that score 30 s into the past, as if the wait were over. The killed worker's
hash (rq:worker:killed-worker) would expire ~90 s after the job started (RQ's job monitoring
interval + 60 s), turning "busy with an abandoned job" into "hash expired" partway through a slow
test run: the script removes its expiry, so it stays as it is in those first seconds until a test
deletes it.
Queue "bulk": 1200 queued jobs, a depth over the default threshold of 1000.
"""
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job, JobStatus
from rq.registry import (DeferredJobRegistry, FailedJobRegistry, FinishedJobRegistry,
                         ScheduledJobRegistry, StartedJobRegistry)
from rq.utils import current_timestamp

port = int(sys.argv[1])
redis = Redis(host='127.0.0.1', port=port)
url = 'redis://127.0.0.1:%d' % port

default = Queue('default', connection=redis)
slow = Queue('slow', connection=redis)
bulk = Queue('bulk', connection=redis)

# finished and failed, by a real worker in this process
default.enqueue('math.sqrt', 4)
default.enqueue('math.sqrt', -1)
default.enqueue('math.sqrt', -4)
SimpleWorker([default], connection=redis, name='burst-worker').work(burst=True)

# a worker killed in the middle of a job
stuck = slow.enqueue('time.sleep', 3600)
worker = subprocess.Popen(
    [sys.executable, '-m', 'rq.cli', 'worker', 'slow', '--url', url, '--name', 'killed-worker'],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
deadline = time.time() + 20
while Job.fetch(stuck.id, connection=redis).get_status() != JobStatus.STARTED:
    if time.time() > deadline:
        raise SystemExit('the worker never started the job')
    time.sleep(0.05)
os.killpg(worker.pid, signal.SIGKILL)
worker.wait()
if not redis.persist('rq:worker:killed-worker'):
    raise SystemExit('the killed worker left no hash with an expiry')
started = StartedJobRegistry(queue=slow)
redis.zadd(started.key, {stuck.id: current_timestamp() - 30})

# waiting work of every other kind
for i in range(5):
    default.enqueue('math.sqrt', i)
default.enqueue('math.sqrt', 9, depends_on=stuck)
default.enqueue_in(timedelta(hours=1), 'math.sqrt', 16)
bulk.enqueue_many([Queue.prepare_data('math.sqrt', (i,)) for i in range(1200)])


def counts(q):
    return {
        'queued': q.count,
        'started': redis.zcard(StartedJobRegistry(queue=q).key),
        'failed': redis.zcard(FailedJobRegistry(queue=q).key),
        'finished': redis.zcard(FinishedJobRegistry(queue=q).key),
        'deferred': redis.zcard(DeferredJobRegistry(queue=q).key),
        'scheduled': redis.zcard(ScheduledJobRegistry(queue=q).key),
    }


print(json.dumps({q.name: counts(q) for q in (default, slow, bulk)}))
