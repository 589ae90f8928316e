/**
 * Incidents: declaration, status updates rendered from the communication template, reminders, and
 * the timeline every other feature records into through the {@link
 * dev.incidentbot.incident.Timeline} port.
 */
package dev.incidentbot.incident;
