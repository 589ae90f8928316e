package dev.incidentbot.redis.health;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns health reports into replies: the important numbers first, then findings and next steps. */
public final class HealthReplies {
  private HealthReplies() {}

  /** One target in depth. */
  public static Reply detail(HealthReport report) {
    var reply =
        Reply.builder(report.target().name() + ": " + verdict(report)).severity(severity(report));
    reply.text(text(report));
    if (!report.findings().isEmpty()) {
      reply.field(
          "Findings",
          report.findings().stream().map(Finding::line).collect(Collectors.joining("\n")));
    }
    if (report.scenario() != Scenario.HEALTHY) {
      reply.field("Next steps", numbered(report.nextSteps()));
    }
    if (!report.nodes().isEmpty()) {
      reply.field("Primaries", primaries(report.nodes()));
    } else if (report.info() != null) {
      reply.field("Server", server(report.info()));
    }
    return reply.build();
  }

  /**
   * The cause first (for a target in trouble), then the important numbers with the engine: "cache
   * (10.0.0.5:6379) is slow because KEYS blocks it: …\nRedis 7.0.15 · PING 0.21 ms · …".
   */
  static String text(HealthReport report) {
    String numbers = report.info() != null || !report.nodes().isEmpty() ? headline(report) : "";
    String first =
        report.scenario() == Scenario.HEALTHY
            ? ""
            : report.cause().sentence().isBlank()
                ? report.problem().map(RedisProblem::message).orElse("")
                : report.cause().sentence();
    if (first.isBlank()) {
      return numbers.isBlank() ? report.problem().map(RedisProblem::message).orElse("") : numbers;
    }
    return numbers.isBlank() ? first : first + "\n" + numbers;
  }

  /** One line for lists of targets: the cause of a target in trouble, else its numbers. */
  public static String oneLine(HealthReport report) {
    if (report.scenario() != Scenario.HEALTHY && !report.cause().sentence().isBlank()) {
      return report.cause().sentence();
    }
    return report.problem().map(RedisProblem::message).orElseGet(() -> headline(report));
  }

  /**
   * The scenario's label, exactly as the runbooks name it, and for a healthy target what it still
   * found over a threshold: "healthy", "healthy · 2 warnings", "healthy · 1 critical, 1 warning",
   * "B: out of memory".
   */
  public static String verdict(HealthReport report) {
    if (report.scenario() != Scenario.HEALTHY) {
      return report.problemVerdict().orElse(report.cause().verdict());
    }
    long crit = count(report, Finding.Level.CRIT);
    long warn = count(report, Finding.Level.WARN);
    var parts = new ArrayList<String>();
    parts.add(report.scenario().label());
    if (crit > 0) {
      parts.add(Counts.format(crit) + " critical");
    }
    if (warn > 0) {
      parts.add(Counts.of(warn, "warning", "warnings"));
    }
    return parts.size() == 1
        ? parts.get(0)
        : parts.get(0) + " · " + String.join(", ", parts.subList(1, parts.size()));
  }

  /**
   * The most important number first, then the rest: "1 down, 2 with warnings of 3 targets", "1
   * critical of 2 targets", "All 3 targets healthy · 1 with warnings", "1 target healthy". Down
   * means unreachable (scenario A); "the bot cannot check", a server that answers but refuses the
   * bot's login or is not Redis; critical, any other critical state.
   */
  public static String summaryTitle(List<HealthReport> reports) {
    long down = 0;
    long unchecked = 0;
    long critical = 0;
    long warned = 0;
    for (HealthReport r : reports) {
      Severity s = severity(r);
      if (r.problemVerdict().isPresent()) {
        unchecked++; // it answers, but the bot cannot log in or it is not Redis: not "down"
      } else if (s == Severity.CRITICAL && r.scenario() == Scenario.UNREACHABLE) {
        down++;
      } else if (s == Severity.CRITICAL) {
        critical++;
      } else if (s == Severity.WARN) {
        warned++;
      }
    }
    String targets = Counts.of(reports.size(), "target", "targets");
    if (down + unchecked + critical == 0) {
      String healthy = reports.size() == 1 ? targets + " healthy" : "All " + targets + " healthy";
      return healthy + (warned > 0 ? " · " + warned + " with warnings" : "");
    }
    var parts = new ArrayList<String>();
    if (down > 0) {
      parts.add(down + " down");
    }
    if (unchecked > 0) {
      parts.add(unchecked + " the bot cannot check");
    }
    if (critical > 0) {
      parts.add(critical + " critical");
    }
    if (warned > 0) {
      parts.add(warned + " with warnings");
    }
    return String.join(", ", parts) + " of " + targets;
  }

  private static long count(HealthReport report, Finding.Level level) {
    return report.findings().stream().filter(f -> f.level() == level).count();
  }

  /** Every target, one line each, worst first. */
  public static Reply summary(List<HealthReport> reports) {
    String title = summaryTitle(reports);
    Severity severity = Severity.OK;
    var lines = new ArrayList<String>();
    for (HealthReport r : reports) {
      severity = severity.max(severity(r));
      String detail = oneLine(r);
      lines.add(marker(r) + " " + r.target().name() + " — " + verdict(r) + " · " + detail);
    }
    return Reply.builder(title)
        .severity(severity)
        .text(String.join("\n", lines))
        .field("Details", "/redis health target:<name>")
        .build();
  }

  /** One line per primary, worst first: its scenario and numbers, or why it did not answer. */
  static String primaries(List<HealthReport> nodes) {
    return nodes.stream()
        .map(
            n ->
                marker(n)
                    + " "
                    + n.target().endpoint().address()
                    + " — "
                    + verdict(n)
                    + " · "
                    + oneLine(n))
        .collect(Collectors.joining("\n"));
  }

  /**
   * "PING 0.21 ms · memory 12 % of 1.0 GiB · 5 clients · 1,204 keys"; for a cluster, "3 primaries ·
   * PING up to 0.31 ms · 15 clients · 3,612 keys" (memory per primary is in the Primaries field).
   */
  static String headline(HealthReport report) {
    if (!report.nodes().isEmpty()) {
      return clusterHeadline(report);
    }
    var parts = new ArrayList<String>();
    InfoSnapshot info = report.info();
    if (info != null && !info.engine().isEmpty()) {
      parts.add(info.engine());
    }
    report.ping().ifPresent(p -> parts.add(String.format(Locale.ROOT, "PING %.2f ms", ms(p))));
    if (info != null) {
      long used = info.number("used_memory", 0);
      long max = info.number("maxmemory", 0);
      parts.add(
          max > 0
              ? String.format(
                  Locale.ROOT,
                  "memory %.0f %% of %s (%s used)",
                  used * 100.0 / max,
                  Bytes.format(max),
                  Bytes.format(used))
              : "memory " + Bytes.format(used) + " used (no maxmemory)");
      parts.add(Counts.of(info.number("connected_clients", 0), "client", "clients"));
      parts.add(Counts.of(info.totalKeys(), "key", "keys"));
    }
    return String.join(" · ", parts);
  }

  private static String clusterHeadline(HealthReport report) {
    var parts = new ArrayList<String>();
    long silent = report.nodes().stream().filter(n -> n.info() == null).count();
    String engines =
        report.nodes().stream()
            .filter(n -> n.info() != null)
            .map(n -> n.info().engine())
            .filter(e -> !e.isEmpty())
            .distinct()
            .collect(Collectors.joining(", "));
    parts.add(
        report.nodes().size()
            + " primaries"
            + (silent > 0 ? " (" + silent + " without an answer)" : ""));
    if (!engines.isEmpty()) {
      parts.add(0, engines);
    }
    report
        .ping()
        .ifPresent(p -> parts.add(String.format(Locale.ROOT, "PING up to %.2f ms", ms(p))));
    var answered = report.nodes().stream().filter(n -> n.info() != null).toList();
    if (!answered.isEmpty()) {
      parts.add(
          Counts.of(
              answered.stream().mapToLong(n -> n.info().number("connected_clients", 0)).sum(),
              "client",
              "clients"));
      parts.add(
          Counts.of(answered.stream().mapToLong(n -> n.info().totalKeys()).sum(), "key", "keys"));
    }
    return String.join(" · ", parts);
  }

  static String server(InfoSnapshot info) {
    long uptime = info.number("uptime_in_seconds", 0);
    String engine = info.engine();
    return (engine.isEmpty() ? "Redis ?" : engine)
        + ", "
        + info.text("role", "?")
        + ", up "
        + Durations.format(Duration.ofSeconds(uptime))
        + ", "
        + Counts.format(info.number("instantaneous_ops_per_sec", 0))
        + " ops/s";
  }

  /**
   * Critical in any scenario but healthy, and for a critical finding outside the decision tree (a
   * replica's link down); warning for any warning.
   */
  static Severity severity(HealthReport report) {
    if (report.scenario() != Scenario.HEALTHY) {
      return Severity.CRITICAL;
    }
    return switch (report.worst()) {
      case CRIT -> Severity.CRITICAL;
      case WARN -> Severity.WARN;
      case OK -> Severity.OK;
    };
  }

  private static String marker(HealthReport r) {
    return switch (severity(r)) {
      case CRITICAL -> Finding.Level.CRIT.marker();
      case WARN -> Finding.Level.WARN.marker();
      default -> Finding.Level.OK.marker();
    };
  }

  private static String numbered(List<String> steps) {
    var sb = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      sb.append(i + 1).append(". ").append(steps.get(i)).append('\n');
    }
    return sb.toString().strip();
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }
}
