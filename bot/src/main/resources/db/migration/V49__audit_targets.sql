-- The targets each audited request ran on, comma-separated: named by its target: option or, without
-- one, the configured target(s) it ran on. Older rows keep '' (their options name the target if any).
ALTER TABLE audit_log ADD COLUMN targets VARCHAR(2000) DEFAULT '' NOT NULL;

-- Runs someone stopped were audited as FAILED before STOPPED existed; their detail says who.
UPDATE audit_log SET outcome = 'STOPPED'
 WHERE outcome = 'FAILED'
   AND (detail LIKE '%, confirmed by %: stopped by %' OR detail LIKE '%, confirmed by %(stopped by %)');
