package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Target;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * {@code /redis set-maxmemory bytes: [rewrite:true]}: CONFIG SET maxmemory, and CONFIG REWRITE when
 * asked so the change survives a restart. Setting it below used memory is high risk, and the plan
 * says what follows under the current policy: evictions, or OOM errors on every write. On a
 * cluster: every node, primaries and replicas (a promoted replica keeps the limit), judged on each
 * primary.
 */
public final class SetMaxmemoryAction implements RecoveryAction {
  static final long MIN = 1L << 20;
  static final long MAX = 4L << 40;

  private final TargetConnector connector;

  public SetMaxmemoryAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis set-maxmemory",
        "CONFIG SET maxmemory (optionally CONFIG REWRITE), after confirmation",
        Roles.OPERATOR,
        OptionSpec.text("bytes", "new limit: bytes, 512mb, 2gb; 0 removes the limit", true),
        ConfigChanges.rewriteOption(),
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    String typed = request.requireOption("bytes").strip();
    long bytes = parseLimit(typed);
    boolean rewrite = ConfigChanges.rewrite(request);
    if (target.mode() == Mode.CLUSTER) {
      return clusterPlan(target, typed, bytes, rewrite);
    }
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .param("bytes", typed)
              .param("rewrite", String.valueOf(rewrite))
              .willRun("CONFIG SET maxmemory " + bytes)
              .matches("memory now: " + facts.memoryText() + ", policy " + facts.policy())
              .effect(
                  "maxmemory "
                      + limitText(facts.maxmemory())
                      + " → "
                      + limitText(bytes)
                      + ConfigChanges.lasting(rewrite, facts));
      if (rewrite) {
        plan.willRun(ConfigChanges.rewriteLine(facts));
      }
      plan.risk(Risk.MEDIUM, "changes when Redis evicts keys or refuses writes");
      if (bytes == 0) {
        plan.risk(Risk.HIGH, "without a limit Redis can grow until the host runs out of memory");
      } else if (bytes <= facts.usedMemory()) {
        plan.risk(Risk.HIGH, belowUsed(facts, bytes));
      }
      return plan.build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /**
   * Every node of the cluster gets the limit (maxmemory is per node); below used memory is judged
   * on each primary, where the data is written.
   */
  private Plan clusterPlan(Target target, String typed, long bytes, boolean rewrite) {
    NodeSet set = connector.everyNode(target);
    var read = EachNode.read(connector, set, (jedis, node) -> TargetFacts.read(jedis));
    String now =
        read.stream()
            .map(a -> limitText(a.value().maxmemory()))
            .distinct()
            .collect(Collectors.joining(" / "));
    var plan =
        Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, read))
            .param("bytes", typed)
            .param("rewrite", String.valueOf(rewrite))
            .willRun(ConfigChanges.willRunOnEach("maxmemory", String.valueOf(bytes), rewrite, set))
            .matches(read.stream().map(ClusterFacts::memoryLine).collect(Collectors.joining("\n")))
            .effect(
                "maxmemory "
                    + now
                    + " → "
                    + limitText(bytes)
                    + " on each node (the limit is per node)"
                    + (rewrite ? ", written to each config file" : ", until the next restart"));
    plan.risk(Risk.MEDIUM, "changes when Redis evicts keys or refuses writes");
    if (bytes == 0) {
      plan.risk(Risk.HIGH, "without a limit Redis can grow until the host runs out of memory");
    }
    for (var a : read) {
      if (bytes != 0
          && a.node().role().equals(NodeSet.PRIMARY)
          && bytes <= a.value().usedMemory()) {
        plan.risk(Risk.HIGH, "on primary " + a.node().label() + ": " + belowUsed(a.value(), bytes));
      }
    }
    return plan.build();
  }

  /** The maxmemory each node has now, against the planned limit. */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    Target target = connector.target(Optional.of(plan.target()));
    return ConfigChanges.measure(
        connector,
        target,
        "maxmemory",
        String.valueOf(parseLimit(plan.param("bytes"))),
        value -> {
          try {
            return limitText(Long.parseLong(value));
          } catch (NumberFormatException e) {
            return value;
          }
        });
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    long bytes = parseLimit(plan.param("bytes"));
    boolean rewrite = Boolean.parseBoolean(plan.param("rewrite"));
    return ConfigChanges.apply(
        connector,
        target,
        progress,
        "maxmemory",
        String.valueOf(bytes),
        rewrite,
        new ConfigChanges.Evidence() {
          @Override
          public Field[] of(String before, String after, TargetFacts facts) {
            return new Field[] {
              Outcome.change("maxmemory", shown(before), shown(after)),
              new Field("Memory now", facts.memoryText(), true)
            };
          }

          @Override
          public String shown(String value) {
            try {
              return limitText(Long.parseLong(value));
            } catch (NumberFormatException e) {
              return value;
            }
          }
        });
  }

  /** A limit as typed ("10mb", "536870912") or as a plan stored it, in bytes. */
  static long parseLimit(String text) {
    long bytes = ByteSize.parse("bytes", text);
    if (bytes != 0 && (bytes < MIN || bytes > MAX)) {
      throw new UserFacingException(
          "bytes:" + text + " is out of range; use 1mb to 4tb, or 0 to remove the limit.");
    }
    return bytes;
  }

  private static String belowUsed(TargetFacts facts, long bytes) {
    String used = Bytes.format(facts.usedMemory());
    if ("noeviction".equals(facts.policy())) {
      return "below the "
          + used
          + " in use with policy noeviction: every write will fail with OOM errors until memory"
          + " drops under "
          + Bytes.format(bytes);
    }
    return "below the "
        + used
        + " in use: Redis will at once evict keys ("
        + facts.policy()
        + ") until about "
        + Bytes.format(facts.usedMemory() - bytes)
        + " is freed, and writes may fail with OOM errors if it cannot";
  }

  static String limitText(long bytes) {
    return bytes == 0 ? "no limit" : Bytes.format(bytes);
  }
}
