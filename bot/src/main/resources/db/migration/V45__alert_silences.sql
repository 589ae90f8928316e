-- Silencing and acknowledging alert groups from their threads.
-- The labels every alert of a group shared in its latest firing notification: what a silence of
-- the group matches. group_key as in alert_groups ("sha256:<hex>" when longer than 500).
CREATE TABLE alert_group_labels (
  group_key   VARCHAR(520)  PRIMARY KEY,
  labels      VARCHAR(8000) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Silences the bot created, written only once an Alertmanager confirmed them: am_ids holds the id
-- each Alertmanager answered (JSON object by configured name), matchers exactly what was sent.
CREATE TABLE alert_silences (
  id          VARCHAR(20)   PRIMARY KEY,
  group_key   VARCHAR(520)  NOT NULL,
  group_name  VARCHAR(200)  NOT NULL,
  channel_id  VARCHAR(40)   NOT NULL,
  thread_id   VARCHAR(40),
  target      VARCHAR(200),
  matchers    VARCHAR(8000) NOT NULL,
  am_ids      VARCHAR(4000) NOT NULL,
  created_by  VARCHAR(200)  NOT NULL,
  comment     VARCHAR(2000) NOT NULL,
  starts_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  ends_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  state       VARCHAR(10)   NOT NULL
);
CREATE INDEX alert_silences_group ON alert_silences (group_key, state);
CREATE INDEX alert_silences_state ON alert_silences (state, ends_at);

-- Who took each alert group (Ack): the group's repeats stop pinging the on-call role.
CREATE TABLE alert_acks (
  group_key   VARCHAR(520)  PRIMARY KEY,
  by_id       VARCHAR(100)  NOT NULL,
  by_name     VARCHAR(200)  NOT NULL,
  acked_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
