package dev.incidentbot.incident;

import java.util.ArrayList;
import java.util.List;

/** What changed between two stakeholder updates, one short line per change. */
final class UpdateChanges {
  private UpdateChanges() {}

  static List<String> between(StatusUpdate before, StatusUpdate after) {
    var changes = new ArrayList<String>();
    if (before.status() != after.status()) {
      changes.add("Status: " + before.status().label() + " → " + after.status().label());
    }
    if (!before.impact().equals(after.impact())) {
      changes.add("Impact: " + after.impact() + " (was: " + before.impact() + ")");
    }
    if (!before.summary().equals(after.summary())) {
      changes.add("Summary updated");
    }
    for (String line : after.userImpact()) {
      if (!before.userImpact().contains(line)) {
        changes.add("User impact: " + line);
      }
    }
    for (String step : before.nextSteps()) {
      if (!after.nextSteps().contains(step)) {
        changes.add("Done or dropped: " + step);
      }
    }
    for (String step : after.nextSteps()) {
      if (!before.nextSteps().contains(step)) {
        changes.add("New next step: " + step);
      }
    }
    return changes;
  }
}
