-- One row per alert group: its thread survives a bot restart. group_key is the notification's
-- group key, or "sha256:<hex>" of it when longer than 500 characters.
CREATE TABLE alert_groups (
  group_key      VARCHAR(520)  PRIMARY KEY,
  name           VARCHAR(200)  NOT NULL,
  channel_id     VARCHAR(40),
  thread_id      VARCHAR(40),
  message_id     VARCHAR(40),
  targets        VARCHAR(2000) NOT NULL,
  notifications  INTEGER       NOT NULL,
  status         VARCHAR(10)   NOT NULL,
  state          VARCHAR(64)   NOT NULL,
  first_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
  last_triage    TIMESTAMP WITH TIME ZONE,
  incident_id    VARCHAR(40)
);

-- Deliveries already handled, so a retried webhook delivery has no second effect.
CREATE TABLE alert_deliveries (
  delivery_key   VARCHAR(120)  PRIMARY KEY,
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX alert_deliveries_received_at ON alert_deliveries (received_at);
