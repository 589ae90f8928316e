-- An alert group's latest update message in its thread: changes within alerts.updateWindow of
-- update_posted_at edit that message instead of posting another. Kept here, not in memory, so a
-- restarted bot or a second instance on this database edits the same message.
ALTER TABLE alert_groups ADD COLUMN update_message_id VARCHAR(40);
ALTER TABLE alert_groups ADD COLUMN update_posted_at TIMESTAMP WITH TIME ZONE;
