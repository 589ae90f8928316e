-- Samples of Redis targets taken while an incident is open and after recovery actions (issue 19):
-- a few numbers per target every few seconds, read back for charts and the post-incident review,
-- deleted after a retention. Counters (evicted_keys, keyspace hits/misses) are kept raw so the
-- next sample can turn them into rates; queue depths as "name=count" lines.
CREATE TABLE redis_samples (
  target           VARCHAR(200) NOT NULL,
  taken_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  memory_percent   DOUBLE PRECISION,
  used_memory      BIGINT,
  ops_per_sec      BIGINT,
  latency_p50_ms   DOUBLE PRECISION,
  latency_p99_ms   DOUBLE PRECISION,
  clients          BIGINT,
  blocked_clients  BIGINT,
  evictions_per_sec DOUBLE PRECISION,
  hit_ratio        DOUBLE PRECISION,
  repl_lag_seconds DOUBLE PRECISION,
  evicted_keys     BIGINT,
  keyspace_hits    BIGINT,
  keyspace_misses  BIGINT,
  queue_depths     VARCHAR(4000),
  problem          VARCHAR(500)
);

CREATE INDEX redis_samples_target_time ON redis_samples (target, taken_at);
CREATE INDEX redis_samples_time ON redis_samples (taken_at);
