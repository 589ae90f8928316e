/**
 * Incidents: declaration ({@link dev.incidentbot.incident.DeclareIncidentCommand}), stakeholder
 * updates rendered from the communication template, a reply template whose plain text for webhooks
 * is made from the same reply ({@link dev.incidentbot.incident.StatusUpdateRenderer}, {@link
 * dev.incidentbot.incident.StatusUpdateMessage}, posted by {@link
 * dev.incidentbot.incident.StatusUpdatePublisher}), reminders to the commander through the
 * scheduler port ({@link dev.incidentbot.incident.UpdateReminders}, {@link
 * dev.incidentbot.incident.ReminderJobHandler}), and the timeline every other feature records into
 * through the {@link dev.incidentbot.timeline.Timeline} port ({@link
 * dev.incidentbot.incident.IncidentTimeline}).
 *
 * <p>State lives behind the {@link dev.incidentbot.incident.IncidentStore} port (the bot's own
 * database). Commands run on worker threads; the reminder handler on a scheduler thread; every
 * class here is thread-safe as far as its ports are.
 */
package dev.incidentbot.incident;
