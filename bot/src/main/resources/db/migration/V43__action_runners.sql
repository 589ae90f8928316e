-- The bot instances sharing this database, each with a heartbeat every few seconds, and which of
-- them runs each confirmed plan: a plan still "confirmed" whose runner stopped beating was
-- interrupted by a crash. It is found at start-up (or by another instance), reported with what its
-- target shows now, audited and its lock released; it is never resumed.
CREATE TABLE bot_instances (
  id           VARCHAR(100) PRIMARY KEY,
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE confirmations ADD COLUMN runner VARCHAR(100);
CREATE INDEX confirmations_state ON confirmations (state);
