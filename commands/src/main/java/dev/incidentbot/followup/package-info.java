/**
 * Work the bot does later: follow-up checks after an action, incident watches, routine checks and
 * status reminders. Commands schedule {@link dev.incidentbot.schedule.Job}s through the {@link
 * dev.incidentbot.schedule.Scheduler} port (most through {@link
 * dev.incidentbot.followup.FollowUps}); the bot runs them with Quartz and calls the {@link
 * dev.incidentbot.schedule.JobHandler} registered for each job type. Jobs carry only ids and
 * parameters, never live objects, so they survive a restart; what a job remembers between runs
 * lives in the {@link dev.incidentbot.schedule.JobState} port, in the bot's own database.
 *
 * <p>Job types here: {@value dev.incidentbot.followup.FollowUpCheck#TYPE}, {@value
 * dev.incidentbot.followup.IncidentWatch#TYPE}, {@value
 * dev.incidentbot.followup.RoutineCheck#TYPE}. Handlers run on scheduler threads, never chat
 * threads, and post through the Outbox at the place recorded in the job ({@link
 * dev.incidentbot.schedule.JobRun#place()}).
 */
package dev.incidentbot.followup;
