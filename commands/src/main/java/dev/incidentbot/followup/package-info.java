/**
 * Work the bot does later: follow-up checks after an action, incident watches, routine checks and
 * status reminders. Commands schedule {@link dev.incidentbot.followup.Job}s through the {@link
 * dev.incidentbot.followup.Scheduler} port (most through {@link
 * dev.incidentbot.followup.FollowUps}); the bot runs them with Quartz and calls the {@link
 * dev.incidentbot.followup.JobHandler} registered for each job type. Jobs carry only ids and
 * parameters, never live objects, so they survive a restart; what a job remembers between runs
 * lives in the {@link dev.incidentbot.followup.JobState} port, in the bot's own database.
 *
 * <p>Job types here: {@value dev.incidentbot.followup.FollowUpCheck#TYPE}, {@value
 * dev.incidentbot.followup.IncidentWatch#TYPE}, {@value
 * dev.incidentbot.followup.RoutineCheck#TYPE}. Handlers run on scheduler threads, never chat
 * threads, and post through the Outbox at the place recorded in the job ({@link
 * dev.incidentbot.followup.JobRun#place()}).
 */
package dev.incidentbot.followup;
