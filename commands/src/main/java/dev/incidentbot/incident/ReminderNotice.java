package dev.incidentbot.incident;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stakeholder update reminder says, for the {@code update-reminder} template.
 *
 * @param id the incident's id
 * @param commander the commander's name
 * @param commanderId the commander's platform id, mentioned by the code
 * @param severity the incident's severity ({@code P1})
 * @param since how long since stakeholders last heard ({@code 31 min})
 * @param interval how often this severity gets an update
 * @param lateNote why the reminder is late ("late by 4 min: the bot was down"), or empty
 * @param snooze how long Snooze puts the reminder off
 */
public record ReminderNotice(
    String id,
    String commander,
    String commanderId,
    String severity,
    String since,
    String interval,
    String lateNote,
    String snooze) {

  /** The template's model; the names are listed in {@code templates/README.md}. */
  Map<String, Object> model() {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", id);
    m.put("commander", commander);
    m.put("severity", severity);
    m.put("since", since);
    m.put("interval", interval);
    m.put("lateNote", lateNote);
    m.put("snooze", snooze);
    return m;
  }

  /** A notice with every name filled, to check the template at start-up. */
  static ReminderNotice sample() {
    return new ReminderNotice(
        "INC-42",
        "alice",
        "100000000000000001",
        "P1",
        "31 min",
        "30 min",
        "late by 4 min: the bot was down",
        "15 min");
  }
}
