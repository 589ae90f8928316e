/**
 * The scheduler port: {@link dev.incidentbot.schedule.Scheduler} holds {@link
 * dev.incidentbot.schedule.Job}s that survive a restart and run once across bot instances, calls
 * the {@link dev.incidentbot.schedule.JobHandler} registered for a job's type with a {@link
 * dev.incidentbot.schedule.JobRun}, and {@link dev.incidentbot.schedule.JobState} keeps what a job
 * remembers between runs. The bot implements both with Quartz and its own database ({@code
 * dev.incidentbot.bot.schedule}, {@code dev.incidentbot.bot.store}).
 *
 * <p>A low package: it depends on nothing of the bot but {@code chat.Place} and the text
 * formatting, so the features that schedule work (follow-ups, incident reminders) depend on it and
 * not on each other.
 */
package dev.incidentbot.schedule;
