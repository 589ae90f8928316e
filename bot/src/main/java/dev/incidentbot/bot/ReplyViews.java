package dev.incidentbot.bot;

import dev.incidentbot.alert.AlertViews;
import dev.incidentbot.alert.TriageViews;
import dev.incidentbot.followup.FollowUpReplies;
import dev.incidentbot.incident.ReminderReplies;
import dev.incidentbot.recovery.PlanViews;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;

/**
 * The renderers of the message families that are reply templates ({@code templates/*.reply}), all
 * loaded and checked together when the bot starts.
 *
 * @param followUp follow-up check results
 * @param reminder stakeholder update reminders
 * @param plans recovery plans awaiting Confirm and action outcomes
 * @param triage an alert's triage and the verification after it resolved
 * @param alerts the alert message, and the change, repeat and resolved notices in its thread
 */
record ReplyViews(
    FollowUpReplies followUp,
    ReminderReplies reminder,
    PlanViews plans,
    TriageViews triage,
    AlertViews alerts) {

  /**
   * Loads every reply template, the operators' overrides first.
   *
   * @throws TemplateException naming the file and line of the first unusable one
   */
  static ReplyViews load(Templates templates) {
    return new ReplyViews(
        new FollowUpReplies(templates),
        new ReminderReplies(templates),
        new PlanViews(templates),
        new TriageViews(templates),
        new AlertViews(templates));
  }
}
