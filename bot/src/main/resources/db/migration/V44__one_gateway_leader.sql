-- Several bot instances on one database (issue 15, "Two instances, one bot").
--
-- A declaration is unique while it is open: open_key is a digest of the normalised title and the
-- sorted targets of an incident a person declared (not one declared with duplicate:yes, nor one an
-- alert opened), and it is set back to NULL when the incident is resolved. The unique index makes
-- two racing declarations (one instance or two) store one incident; H2 and PostgreSQL both let any
-- number of rows hold NULL.
ALTER TABLE incidents ADD COLUMN open_key VARCHAR(100);
CREATE UNIQUE INDEX incidents_open_key ON incidents (open_key);

-- Interactions (slash commands, button presses, submitted forms) this bot has taken on: Discord
-- sends each one to every gateway session of the bot, and the first instance to insert its id
-- answers it. Rows are pruned once Discord can no longer deliver them (tokens live 15 minutes).
CREATE TABLE handled_interactions (
  interaction_id VARCHAR(30)  PRIMARY KEY,
  instance       VARCHAR(100) NOT NULL,
  handled_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX handled_interactions_at ON handled_interactions (handled_at);
