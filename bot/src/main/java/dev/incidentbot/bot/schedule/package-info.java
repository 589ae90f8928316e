/**
 * The bot's scheduling on Quartz: {@link dev.incidentbot.bot.schedule.QuartzScheduler} implements
 * the {@link dev.incidentbot.schedule.Scheduler} port with a JDBC job store in the bot's own
 * database (tables created by migration V20 from the DDL in the Quartz jar), clustered on
 * PostgreSQL so several bot instances run each job once. One Quartz job class looks up the {@link
 * dev.incidentbot.schedule.JobHandler} for a job's type and runs it on a Quartz worker thread with
 * the time the run was really due, so late runs say how late they are.
 */
package dev.incidentbot.bot.schedule;
