package dev.incidentbot.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of one health check of one target.
 *
 * @param target the target checked
 * @param scenario the decision-tree scenario it is in
 * @param ping the PING round trip, when the server answered
 * @param findings measured values against thresholds, worst first
 * @param problem the failure that stopped the check, if any
 * @param info what INFO said, when it answered (null otherwise)
 * @param took how long the whole check took
 * @param nodes for a cluster, the report of each primary that this one merges (worst first); empty
 *     when the target was checked at one node
 */
public record HealthReport(
    Target target,
    Scenario scenario,
    Optional<Duration> ping,
    List<Finding> findings,
    Optional<RedisProblem> problem,
    InfoSnapshot info,
    Duration took,
    List<HealthReport> nodes) {

  public HealthReport {
    findings = List.copyOf(findings);
    nodes = List.copyOf(nodes);
  }

  /** The report of a target checked at one node. */
  public HealthReport(
      Target target,
      Scenario scenario,
      Optional<Duration> ping,
      List<Finding> findings,
      Optional<RedisProblem> problem,
      InfoSnapshot info,
      Duration took) {
    this(target, scenario, ping, findings, problem, info, took, List.of());
  }

  public Finding.Level worst() {
    return findings.stream()
        .map(Finding::level)
        .max(Enum::compareTo)
        .orElse(problem.isPresent() ? Finding.Level.CRIT : Finding.Level.OK);
  }

  /** The worst finding for {@code check} (findings are sorted worst first), if measured. */
  public Optional<Finding> finding(String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst();
  }
}
