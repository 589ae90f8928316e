/**
 * Alert intake: alerts are a source like a human. Alert messages posted in chat (Alertmanager's and
 * Grafana's Discord formats, a generic {@code [FIRING]} line) and Alertmanager webhook
 * notifications become {@link dev.incidentbot.alert.AlertNotification}s; {@link
 * dev.incidentbot.alert.AlertIntake} stores each in the {@link dev.incidentbot.alert.AlertInbox}
 * before it is acknowledged (dropping retried deliveries), queues it, one lane per alert group, and
 * marks it handled only when done, so a crash loses none; {@link
 * dev.incidentbot.alert.AlertResponder} opens one thread per group and asks the router for a triage
 * as an automated request, counts repeats, and verifies on resolution. What it says about the
 * alerts themselves is decided as an {@link dev.incidentbot.alert.AlertNotice} and worded by reply
 * templates ({@link dev.incidentbot.alert.AlertViews}), like the triage ({@link
 * dev.incidentbot.alert.TriageViews}).
 *
 * <p>Nothing here knows a chat platform or a JSON library: adapters turn what they receive into the
 * neutral records here. Group state and the inbox live behind the {@link
 * dev.incidentbot.alert.AlertGroupStore} and {@link dev.incidentbot.alert.AlertInbox} ports, in the
 * bot's own database.
 */
package dev.incidentbot.alert;
