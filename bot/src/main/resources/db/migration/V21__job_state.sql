-- What scheduled jobs remember between runs (follow-up baselines, the previous check, the last
-- incident-watch post, slowlog positions), keyed by job id or group. Quartz's own tables are V20.
CREATE TABLE job_state (
  job_key     VARCHAR(200)  NOT NULL,
  state_name  VARCHAR(100)  NOT NULL,
  state_value VARCHAR(8000) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (job_key, state_name)
);
CREATE INDEX job_state_updated_at ON job_state (updated_at);
