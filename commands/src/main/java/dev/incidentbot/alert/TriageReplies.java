package dev.incidentbot.alert;

import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.HealthReplies;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The replies of {@link TriageCommand}: the worst target first, its next steps, the buttons. */
final class TriageReplies {
  private static final int MAX_FINDINGS = 6;

  private TriageReplies() {}

  static Reply triage(
      String alert, List<HealthReport> reports, Duration resultAge, List<Button> buttons) {
    HealthReport worst = worst(reports);
    String title =
        reports.size() == 1
            ? "Triage: " + worst.target().name() + " — " + HealthReplies.verdict(worst)
            : troubled(reports) == 0
                ? "Triage: " + names(reports) + " — healthy" + warned(reports)
                : "Triage: "
                    + troubled(reports)
                    + " of "
                    + Counts.of(reports.size(), "target", "targets")
                    + " need attention";
    var reply =
        Reply.builder(title)
            .severity(severity(reports))
            .text(
                "Automatic triage for alert "
                    + SafeText.cut(alert, 100)
                    + "."
                    + (resultAge.toMillis() >= 100
                        ? String.format(
                            Locale.ROOT,
                            " Health result from %.1f s ago, shared with another check of the same target.",
                            resultAge.toMillis() / 1000.0)
                        : "")
                    + (troubled(reports) == 0
                        ? " The alert and the bot disagree: the alert fires, but "
                            + names(reports)
                            + (reports.size() == 1 ? " looks" : " look")
                            + " healthy from here now."
                        : ""))
            .field("Health", lines(reports));
    List<Finding> findings =
        worst.findings().stream().filter(f -> f.level() != Finding.Level.OK).toList();
    if (!findings.isEmpty()) {
      reply.field(
          "Findings on " + worst.target().name(),
          findings.stream()
              .limit(MAX_FINDINGS)
              .map(Finding::line)
              .collect(Collectors.joining("\n")));
    }
    if (worst.scenario() != Scenario.HEALTHY) {
      reply.field("Next steps (" + HealthReplies.verdict(worst) + ")", numbered(worst));
    } else {
      reply.field(
          "Next steps (the alert and the bot disagree)",
          "1. Check the alert's source: is its exporter scraping this target, and is its rule"
              + " right?\n2. The problem may have been brief: /redis slowlog and /redis latency"
              + " show recent stalls.\n3. Check again later: /followup schedule in:5m.");
    }
    buttons.forEach(b -> reply.button(b.label(), b.style(), b.action()));
    return reply.build();
  }

  static Reply verification(String alert, List<HealthReport> reports) {
    long troubled = troubled(reports);
    String title =
        troubled == 0
            ? "Verified: " + names(reports) + " healthy again"
            : "Not verified: "
                + troubled
                + " of "
                + Counts.of(reports.size(), "target", "targets")
                + " still need attention";
    return Reply.builder(title)
        .severity(troubled == 0 ? Severity.OK : Severity.WARN)
        .text("Verification check after alert " + SafeText.cut(alert, 100) + " resolved.")
        .field("Health", lines(reports))
        .build();
  }

  static Reply noTarget(String alert, List<String> known) {
    return Reply.builder("No target to triage")
        .severity(Severity.WARN)
        .text(
            "No configured Redis target matches alert "
                + SafeText.cut(alert, 100)
                + ". Map it under alerts.targets in the configuration (by instance, service or"
                + " redis_target label); configured targets: "
                + (known.isEmpty() ? "none" : String.join(", ", known))
                + ".")
        .build();
  }

  private static String lines(List<HealthReport> reports) {
    return reports.stream()
        .sorted(Comparator.comparing(TriageReplies::rank).reversed())
        .map(
            r ->
                marker(r)
                    + " "
                    + r.target().name()
                    + " — "
                    + HealthReplies.verdict(r)
                    + " · "
                    + HealthReplies.oneLine(r))
        .collect(Collectors.joining("\n"));
  }

  private static String numbered(HealthReport report) {
    var steps = report.nextSteps();
    var sb = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      sb.append(i + 1).append(". ").append(steps.get(i)).append('\n');
    }
    return sb.toString().strip();
  }

  private static HealthReport worst(List<HealthReport> reports) {
    return reports.stream().max(Comparator.comparing(TriageReplies::rank)).orElseThrow();
  }

  private static int rank(HealthReport r) {
    return (r.scenario() != Scenario.HEALTHY ? 10 : 0) + r.worst().ordinal();
  }

  private static long troubled(List<HealthReport> reports) {
    return reports.stream().filter(r -> r.scenario() != Scenario.HEALTHY).count();
  }

  /** " · 1 with warnings" when healthy targets still have findings over a threshold. */
  private static String warned(List<HealthReport> reports) {
    long warned = reports.stream().filter(r -> r.worst() != Finding.Level.OK).count();
    return warned == 0 ? "" : " · " + warned + " with warnings";
  }

  private static String names(List<HealthReport> reports) {
    return reports.stream().map(r -> r.target().name()).collect(Collectors.joining(", "));
  }

  private static Severity severity(List<HealthReport> reports) {
    Severity s = Severity.OK;
    for (HealthReport r : reports) {
      s = s.max(HealthReplies.detail(r).severity());
    }
    return s;
  }

  private static String marker(HealthReport r) {
    if (r.scenario() != Scenario.HEALTHY) {
      return Finding.Level.CRIT.marker();
    }
    return r.worst().marker();
  }
}
