-- Recovery plans waiting for (or past) confirmation. Every state change is one conditional UPDATE
-- on state, so a plan runs at most once across presses and bot instances.
CREATE TABLE confirmations (
  id              VARCHAR(40)    PRIMARY KEY,
  action          VARCHAR(100)   NOT NULL,
  target          VARCHAR(100)   NOT NULL,
  plan_json       VARCHAR(30000) NOT NULL,
  requester_id    VARCHAR(200)   NOT NULL,
  requester_name  VARCHAR(200)   NOT NULL,
  channel_id      VARCHAR(100)   NOT NULL,
  thread_id       VARCHAR(100),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  state           VARCHAR(20)    NOT NULL,
  decided_by_id   VARCHAR(200),
  decided_by_name VARCHAR(200),
  decided_at      TIMESTAMP WITH TIME ZONE,
  stop_requested  BOOLEAN        DEFAULT FALSE NOT NULL,
  succeeded       BOOLEAN,
  outcome         VARCHAR(2000),
  finished_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX confirmations_created_at ON confirmations (created_at);

-- One changing action per target at a time; a crashed holder's lease lapses.
CREATE TABLE target_locks (
  lock_key     VARCHAR(200) PRIMARY KEY,
  holder       VARCHAR(100) NOT NULL,
  acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
