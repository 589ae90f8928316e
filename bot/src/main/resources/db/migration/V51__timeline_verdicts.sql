-- What a follow-up check found (HELD, HELD_WITH_WARNINGS, NOT_FIXED, REGRESSED), recorded with its
-- timeline event so that the review and the timeline export need not read it back from a title an
-- operator's template may word differently. NULL for other events; older follow-up rows keep NULL
-- and are read from the built-in title's words (JdbcIncidentStore).
ALTER TABLE incident_events ADD COLUMN verdict VARCHAR(20);
