package dev.incidentbot.redis.health;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
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
 * @param cause why it is in its scenario, and the next steps that follow from that
 */
public record HealthReport(
    Target target,
    Scenario scenario,
    Optional<Duration> ping,
    List<Finding> findings,
    Optional<RedisProblem> problem,
    InfoSnapshot info,
    Duration took,
    List<HealthReport> nodes,
    Cause cause) {

  public HealthReport {
    findings = List.copyOf(findings);
    nodes = List.copyOf(nodes);
    if (cause == null) {
      cause = Cause.generic(scenario, problem.map(RedisProblem::message).orElse(""));
    }
  }

  /** A report whose cause is its scenario's generic one. */
  public HealthReport(
      Target target,
      Scenario scenario,
      Optional<Duration> ping,
      List<Finding> findings,
      Optional<RedisProblem> problem,
      InfoSnapshot info,
      Duration took,
      List<HealthReport> nodes) {
    this(target, scenario, ping, findings, problem, info, took, nodes, null);
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
    this(target, scenario, ping, findings, problem, info, took, List.of(), null);
  }

  public Finding.Level worst() {
    return findings.stream()
        .map(Finding::level)
        .max(Enum::compareTo)
        .orElse(problem.isPresent() ? Finding.Level.CRIT : Finding.Level.OK);
  }

  /**
   * What to do next: the scenario's runbook steps, or, when the check stopped because the bot
   * cannot log in or something other than Redis answers, the steps for that problem alone (Redis
   * itself may be fine: nothing to restart or repair).
   */
  public List<String> nextSteps() {
    RedisProblem.Kind kind = problem.map(RedisProblem::kind).orElse(null);
    String address = target.endpoint().address();
    if (kind == RedisProblem.Kind.AUTH) {
      return List.of(
          "Check the password, and the ACL user name if the server uses ACL users, in "
              + target.name()
              + "'s url in the bot's config (redis://user:password@"
              + address
              + "); secrets usually come from an environment variable.",
          "Try the same credentials by hand: redis-cli -u redis://<user>:<password>@"
              + address
              + " PING should answer PONG.",
          "If the server says NOPERM, give the bot's ACL user the commands it reads (ACL SETUSER"
              + " <user> +ping +info +scan +type +llen +zcard …) or use a user that has them.",
          "Then /redis health target:" + target.name() + " again.");
    }
    if (kind == RedisProblem.Kind.NOT_REDIS) {
      return List.of(
          "Check the host and port in " + target.name() + "'s url in the bot's config.",
          "See what listens at "
              + address
              + " (ss -ltnp on that host, or curl http://"
              + address
              + "/), and on which port Redis really runs (redis-cli -h <host> -p <port> PING).",
          "Then /redis health target:" + target.name() + " again.");
    }
    return cause.nextSteps();
  }

  /**
   * The verdict when the check stopped on a problem that is not Redis being down but would read as
   * scenario A: "Redis answers, but the bot cannot log in", "not Redis at 10.0.0.5:6379".
   */
  public Optional<String> problemVerdict() {
    RedisProblem.Kind kind = problem.map(RedisProblem::kind).orElse(null);
    if (kind == RedisProblem.Kind.AUTH) {
      return Optional.of("Redis answers, but the bot cannot log in");
    }
    if (kind == RedisProblem.Kind.NOT_REDIS) {
      return Optional.of("not Redis at " + target.endpoint().address());
    }
    return Optional.empty();
  }

  /** The worst finding for {@code check} (findings are sorted worst first), if measured. */
  public Optional<Finding> finding(String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst();
  }
}
