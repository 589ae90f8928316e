/**
 * Recovery with in-channel confirmation. A recovery command measures its blast radius and returns a
 * {@link dev.incidentbot.recovery.Plan}; the plan is stored as a pending {@link
 * dev.incidentbot.recovery.Confirmation} and posted with Confirm and Cancel buttons; a press
 * consumes it at most once ({@link dev.incidentbot.recovery.ConfirmationStore#consume}) and the
 * {@link dev.incidentbot.recovery.ActionExecutor} runs it under a per-target lock with progress and
 * a Stop button, then records the outcome (audit log, incident timeline) and requests follow-up
 * checks. The actions themselves live in {@code recovery.action}.
 */
package dev.incidentbot.recovery;
