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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The replies of {@link TriageCommand}: the worst target first, its next steps, the buttons. Triage
 * and verification are the {@code triage} and {@code triage-verification} reply templates ({@link
 * TriageViews}); this class works out their models. A target nobody mapped is still worded here.
 */
final class TriageReplies {
  private static final int MAX_FINDINGS = 6;

  private TriageReplies() {}

  static Reply triage(
      String alert, List<HealthReport> reports, Duration resultAge, List<Button> buttons) {
    return TriageViews.builtIn().triage(alert, reports, resultAge, buttons);
  }

  static Reply verification(String alert, List<HealthReport> reports) {
    return TriageViews.builtIn().verification(alert, reports);
  }

  /** The {@code triage} template's model; the names are listed in {@code templates/README.md}. */
  static Map<String, Object> triageModel(
      String alert, List<HealthReport> reports, Duration resultAge) {
    HealthReport worst = worst(reports);
    var m = common(alert, reports);
    m.put("single", reports.size() == 1);
    m.put("worstTarget", worst.target().name());
    m.put("worstVerdict", HealthReplies.verdict(worst));
    m.put("worstHealthy", worst.scenario() == Scenario.HEALTHY);
    m.put("warned", warned(reports));
    m.put("severity", level(severity(reports)));
    m.put(
        "sharedAge",
        resultAge.toMillis() >= 100
            ? String.format(Locale.ROOT, "%.1f", resultAge.toMillis() / 1000.0)
            : "");
    m.put(
        "findings",
        worst.findings().stream()
            .filter(f -> f.level() != Finding.Level.OK)
            .limit(MAX_FINDINGS)
            .map(Finding::line)
            .toList());
    var steps = new ArrayList<Map<String, Object>>();
    if (worst.scenario() != Scenario.HEALTHY) {
      for (String step : worst.nextSteps()) {
        steps.add(Map.of("number", steps.size() + 1, "text", step));
      }
    }
    m.put("steps", steps);
    return m;
  }

  /** The {@code triage-verification} template's model. */
  static Map<String, Object> verificationModel(String alert, List<HealthReport> reports) {
    return common(alert, reports);
  }

  private static Map<String, Object> common(String alert, List<HealthReport> reports) {
    var m = new LinkedHashMap<String, Object>();
    m.put("alert", SafeText.cut(alert, 100));
    m.put("names", names(reports));
    m.put("allHealthy", troubled(reports) == 0);
    m.put("troubled", troubled(reports));
    m.put("targetCount", Counts.of(reports.size(), "target", "targets"));
    m.put(
        "health",
        reports.stream()
            .sorted(Comparator.comparing(TriageReplies::rank).reversed())
            .map(
                r ->
                    Map.of(
                        "marker", marker(r),
                        "target", r.target().name(),
                        "verdict", HealthReplies.verdict(r),
                        "summary", HealthReplies.oneLine(r)))
            .toList());
    return m;
  }

  private static String level(Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
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

  private static HealthReport worst(List<HealthReport> reports) {
    return reports.stream().max(Comparator.comparing(TriageReplies::rank)).orElseThrow();
  }

  private static int rank(HealthReport r) {
    return (r.scenario() != Scenario.HEALTHY ? 10 : 0) + r.worst().ordinal();
  }

  private static long troubled(List<HealthReport> reports) {
    return reports.stream().filter(r -> r.scenario() != Scenario.HEALTHY).count();
  }

  /** How many targets have findings over a threshold, or empty for none. */
  private static String warned(List<HealthReport> reports) {
    long warned = reports.stream().filter(r -> r.worst() != Finding.Level.OK).count();
    return warned == 0 ? "" : Long.toString(warned);
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
