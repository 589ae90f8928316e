/**
 * Work the bot does later: follow-up checks after an action, incident watches, routine checks and
 * status reminders. Commands schedule {@link dev.incidentbot.followup.Job}s through the {@link
 * dev.incidentbot.followup.Scheduler} port; the bot runs them with Quartz and calls the {@link
 * dev.incidentbot.followup.JobHandler} registered for each job type. Jobs carry only ids and
 * parameters, never live objects, so they survive a restart.
 */
package dev.incidentbot.followup;
