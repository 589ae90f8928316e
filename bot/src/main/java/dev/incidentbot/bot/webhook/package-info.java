/**
 * Stakeholder webhooks: every status update is POSTed, in the background, to the webhooks in {@code
 * incidents.webhooks} — a generic JSON body or Slack's incoming-webhook {@code {"text"}}. A failed
 * delivery is logged and noted in the incident's timeline; it never delays chat.
 */
package dev.incidentbot.bot.webhook;
