package dev.incidentbot.incident;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Form;
import dev.incidentbot.chat.FormField;
import java.util.List;
import java.util.Map;

/** The update form ({@code /incident update} without answers), prefilled from the last update. */
final class UpdateForm {
  static final String STATUS = "status";
  static final String IMPACT = "impact";
  static final String SUMMARY = "summary";
  static final String USER_IMPACT = "user-impact";
  static final String NEXT_STEPS = "next-steps";

  static final int MAX_IMPACT = 500;
  static final int MAX_SUMMARY = 2000;
  static final int MAX_LINES = 1000;

  private UpdateForm() {}

  static Form of(Incident incident) {
    StatusUpdate last = incident.lastUpdate().orElse(null);
    return new Form(
        cut("Update " + incident.id() + ": " + incident.title(), Form.MAX_TITLE),
        "incident update",
        Map.of(IncidentLookup.OPTION, incident.id()),
        List.of(
            FormField.choice(
                STATUS,
                "Status",
                last == null ? IncidentStatus.INVESTIGATING.label() : last.status().label(),
                IncidentStatus.labels()),
            FormField.line(IMPACT, "Impact", last == null ? "" : last.impact(), MAX_IMPACT),
            FormField.paragraph(
                SUMMARY, "Summary", last == null ? "" : last.summary(), MAX_SUMMARY),
            FormField.paragraph(
                USER_IMPACT,
                "User impact (one per line, Service: note)",
                last == null ? "" : Lines.join(last.userImpact()),
                MAX_LINES),
            FormField.paragraph(
                NEXT_STEPS,
                "Next steps (one per line)",
                last == null ? "" : Lines.join(last.nextSteps()),
                MAX_LINES)),
        Action.of("incident update", IncidentLookup.OPTION, incident.id()));
  }

  private static String cut(String s, int max) {
    return Ellipsis.cut(s, max);
  }
}
