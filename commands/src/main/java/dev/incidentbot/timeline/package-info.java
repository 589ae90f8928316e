/**
 * The timeline port: every feature (alerts, recovery actions, follow-ups, incidents) records what
 * happened as a {@link dev.incidentbot.timeline.TimelineEvent} through {@link
 * dev.incidentbot.timeline.Timeline}, and the incident feature implements it ({@code
 * dev.incidentbot.incident.IncidentTimeline}) by keeping the events that belong to an open
 * incident.
 *
 * <p>A low package: it depends on nothing of the bot but {@code chat.Place}, so features that
 * record events need not depend on the incident feature, and the incident feature may depend on
 * them.
 */
package dev.incidentbot.timeline;
