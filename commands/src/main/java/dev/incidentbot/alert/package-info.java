/**
 * Alert intake: alerts are a source like a human. Alert messages posted in chat (Alertmanager's and
 * Grafana's Discord formats, a generic {@code [FIRING]} line) and Alertmanager webhook
 * notifications become {@link dev.incidentbot.alert.AlertNotification}s; {@link
 * dev.incidentbot.alert.AlertIntake} drops retried deliveries and queues the rest, one lane per
 * alert group; {@link dev.incidentbot.alert.AlertResponder} opens one thread per group and asks the
 * router for a triage as an automated request, counts repeats, and verifies on resolution.
 *
 * <p>Nothing here knows a chat platform or a JSON library: adapters turn what they receive into the
 * neutral records here. Group state lives behind the {@link dev.incidentbot.alert.AlertGroupStore}
 * port, in the bot's own database.
 */
package dev.incidentbot.alert;
