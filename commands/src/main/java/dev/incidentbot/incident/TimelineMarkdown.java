package dev.incidentbot.incident;

import dev.incidentbot.format.Durations;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * An incident's timeline as a Markdown document for the post-mortem: the facts, every event with
 * who and when, then each stakeholder update exactly as sent.
 */
final class TimelineMarkdown {
  private TimelineMarkdown() {}

  static String export(Incident incident, List<TimelineEvent> events, Instant now) {
    var md = new StringBuilder();
    md.append("# ").append(incident.id()).append(": ").append(oneLine(incident.title()));
    md.append("\n\n");
    fact(
        md,
        "Severity",
        incident.severity() + " (response: " + incident.severity().response() + ")");
    fact(md, "Status", incident.status().label());
    fact(md, "Commander", incident.commander().name());
    fact(md, "Targets", String.join(", ", incident.targets()));
    fact(md, "Started", StatusUpdateModel.iso(incident.startedAt()));
    fact(md, "Declared", StatusUpdateModel.iso(incident.declaredAt()));
    fact(
        md,
        "Resolved",
        incident.resolvedAt() == null ? "not yet" : StatusUpdateModel.iso(incident.resolvedAt()));
    Instant end = incident.resolvedAt() == null ? now : incident.resolvedAt();
    fact(
        md,
        "Duration",
        Durations.format(
            Duration.between(incident.startedAt(), end).truncatedTo(ChronoUnit.SECONDS)));
    md.append("\n## Timeline\n\n");
    md.append("| Time (UTC) | Event | Who | Target | What |\n");
    md.append("|---|---|---|---|---|\n");
    for (TimelineEvent e : events) {
      md.append("| ")
          .append(StatusUpdateModel.iso(e.at()))
          .append(" | ")
          .append(kind(e))
          .append(" | ")
          .append(cell(e.actor()))
          .append(" | ")
          .append(e.target() == null ? "" : cell(e.target()))
          .append(" | ")
          .append(cell(e.text()))
          .append(" |\n");
    }
    md.append("\n## Stakeholder updates\n");
    int n = 0;
    for (StatusUpdate u : incident.updates()) {
      md.append("\n### #")
          .append(++n)
          .append(" · ")
          .append(u.status().label())
          .append(" · ")
          .append(StatusUpdateModel.iso(u.at()))
          .append(" · ")
          .append(oneLine(u.author()))
          .append("\n\n~~~~text\n")
          .append(u.rendered().replace("~~~~", "~ ~ ~ ~"))
          .append("\n~~~~\n");
    }
    return md.toString();
  }

  private static void fact(StringBuilder md, String name, String value) {
    md.append("- **").append(name).append(":** ").append(oneLine(value)).append('\n');
  }

  /** "Status update"; a follow-up check with what it found: "Follow-up (regressed)". */
  private static String kind(TimelineEvent e) {
    String k =
        e.kind()
            .name()
            .toLowerCase(Locale.ROOT)
            .replace("follow_up", "follow-up")
            .replace('_', ' ');
    String verdict = e.verdict() == null ? "" : " (" + e.verdict().label() + ")";
    return Character.toUpperCase(k.charAt(0)) + k.substring(1) + verdict;
  }

  /** A table cell: pipes escaped, lines joined. */
  private static String cell(String text) {
    return oneLine(text).replace("|", "\\|");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " / ");
  }
}
