package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * CONFIG SET of one parameter with an optional CONFIG REWRITE, shared by the set-maxmemory and
 * set-policy actions, on every node the target has: a cluster's primaries and replicas alike, so
 * that a promoted replica behaves like the primary it replaces. A failed rewrite after a successful
 * set is reported as such: the change is live but will be lost at restart — never a silent partial
 * state.
 */
final class ConfigChanges {
  private static final Logger log = LoggerFactory.getLogger(ConfigChanges.class);

  /** The evidence lines for a change, from the value before, after and the facts after. */
  interface Evidence {
    Field[] of(String before, String after, TargetFacts factsAfter);

    /** A value of the parameter as people read it in headlines: "10.0 MiB" for 10485760. */
    default String shown(String value) {
      return value;
    }
  }

  private ConfigChanges() {}

  static OptionSpec rewriteOption() {
    return new OptionSpec(
        "rewrite",
        "also CONFIG REWRITE so it survives a restart",
        OptionSpec.Type.BOOLEAN,
        false,
        List.of(),
        false);
  }

  /**
   * "CONFIG SET maxmemory 1073741824, then CONFIG REWRITE, on each of …, one node after another".
   */
  static String willRunOnEach(String parameter, String value, boolean rewrite, NodeSet set) {
    return "CONFIG SET "
        + parameter
        + " "
        + value
        + (rewrite ? ", then CONFIG REWRITE," : "")
        + " "
        + set.onEach()
        + ", one node after another";
  }

  /**
   * The plan's line for CONFIG REWRITE: on a node started without a config file (INFO server's
   * {@code config_file} is empty) it says that the rewrite will fail and the change lasts until the
   * next restart, so people read it before they confirm instead of in the outcome after.
   */
  static String rewriteLine(TargetFacts facts) {
    return hasConfigFile(facts)
        ? "CONFIG REWRITE"
        : "CONFIG REWRITE — will fail: Redis runs without a config file (INFO server config_file"
            + " is empty), so the change lasts until the next restart; set it where Redis is"
            + " started too";
  }

  /** What a change lasts for, for the plan's effect. */
  static String lasting(boolean rewrite, TargetFacts facts) {
    if (!rewrite) {
      return ", until the next restart";
    }
    return hasConfigFile(facts)
        ? ", written to the config file"
        : ", until the next restart (no config file to write it to)";
  }

  private static boolean hasConfigFile(TargetFacts facts) {
    return !facts.info().text("config_file", "").isBlank();
  }

  static boolean rewrite(Request request) {
    return request.option("rewrite").map(Boolean::parseBoolean).orElse(false);
  }

  /**
   * Sets {@code parameter} on every node of {@code target} the action runs on ({@link
   * TargetConnector#everyNode}: the one node, or every node of a cluster), one after another.
   */
  static Outcome apply(
      TargetConnector connector,
      Target target,
      Progress progress,
      String parameter,
      String value,
      boolean rewrite,
      Evidence evidence) {
    NodeSet set = connector.everyNode(target);
    return EachNode.run(
        connector,
        set,
        progress,
        null,
        total ->
            parameter
                + " set to "
                + evidence.shown(value)
                + (rewrite ? " and written to the config file" : "")
                + " on the "
                + set.describe()
                + " of "
                + target.name(),
        (jedis, at, where, p) ->
            new EachNode.Part(apply(jedis, at, where, parameter, value, rewrite, evidence), 1));
  }

  /**
   * What {@code parameter} is now on every node the change runs on, against the {@code planned}
   * value: for a CONFIG SET that was interrupted, which nodes have it.
   */
  static Interruption measure(
      TargetConnector connector,
      Target target,
      String parameter,
      String planned,
      Function<String, String> shown) {
    NodeSet set = connector.everyNode(target);
    var read = EachNode.read(connector, set, (jedis, node) -> get(jedis, parameter));
    long inForce = read.stream().filter(a -> a.value().equals(planned)).count();
    var evidence =
        read.stream()
            .map(
                a ->
                    new Field(
                        set.cluster()
                            ? parameter + " now, " + NodeSet.name(a.node())
                            : parameter + " now",
                        shown.apply(a.value()),
                        true))
            .toList();
    String now =
        inForce == read.size()
            ? parameter
                + " is "
                + shown.apply(planned)
                + " as planned"
                + (read.size() == 1 ? "" : " on all " + set.describe())
            : parameter
                + " is "
                + shown.apply(planned)
                + " (as planned) on "
                + inForce
                + " of "
                + set.describe()
                + "; the others still have their old value";
    if (inForce == 0) {
      now = parameter + " is not " + shown.apply(planned) + ": the change did not take effect";
    }
    return new Interruption(now, evidence);
  }

  /** CONFIG SET on the node {@code jedis} is connected to, then CONFIG REWRITE when asked. */
  private static Outcome apply(
      Jedis jedis,
      Target target,
      String where,
      String parameter,
      String value,
      boolean rewrite,
      Evidence evidence) {
    Before before = set(jedis, target, parameter, value);
    log.info(
        "target {}: CONFIG SET {} {} (was {})", target.name(), parameter, value, before.value());
    String after;
    TargetFacts facts;
    try {
      after = get(jedis, parameter);
      facts = TargetFacts.read(jedis);
    } catch (RuntimeException e) {
      return Outcome.failure(
          "CONFIG SET "
              + parameter
              + " "
              + value
              + " was accepted, then reading the result back failed: "
              + RedisProblem.of(target, e).message()
              + (rewrite ? " CONFIG REWRITE was not run." : ""),
          List.of(Outcome.change(parameter, before.value(), value + " (as set; not read back)")));
    }
    var fields = new ArrayList<>(List.of(evidence.of(before.value(), after, facts)));
    fields.add(
        Outcome.change("evicted_keys", before.evicted(), facts.info().number("evicted_keys", 0)));
    Optional<String> rewriteProblem = rewriteIfAsked(jedis, target, parameter, rewrite, fields);
    if (rewriteProblem.isPresent()) {
      return Outcome.failure(
          parameter
              + " is now "
              + evidence.shown(after)
              + ", but CONFIG REWRITE failed, so the change will be lost at restart: "
              + rewriteProblem.get(),
          fields);
    }
    String done = parameter + " is now " + evidence.shown(after) + " on " + where;
    return consequence(facts, facts.info().number("evicted_keys", 0) - before.evicted())
        .map(harm -> Outcome.harmful(harm + ": " + done, fields))
        .orElseGet(() -> Outcome.success(done, fields));
  }

  /** The parameter's value and the node's evicted_keys before the change. */
  private record Before(String value, long evicted) {}

  /**
   * Reads the value and evicted_keys, then CONFIG SET.
   *
   * @throws UserFacingException when any of it fails: nothing was changed
   */
  private static Before set(Jedis jedis, Target target, String parameter, String value) {
    try {
      String before = get(jedis, parameter);
      long evictedBefore = TargetFacts.read(jedis).info().number("evicted_keys", 0);
      jedis.configSet(parameter, value);
      return new Before(before, evictedBefore);
    } catch (RuntimeException e) {
      throw new UserFacingException(
          "CONFIG SET " + parameter + " failed: " + RedisProblem.of(target, e).message(), e);
    }
  }

  /**
   * CONFIG REWRITE when asked, adding the config file's line to {@code fields} unless it failed.
   *
   * @return why the rewrite failed, or empty
   */
  private static Optional<String> rewriteIfAsked(
      Jedis jedis, Target target, String parameter, boolean rewrite, List<Field> fields) {
    if (!rewrite) {
      fields.add(new Field("Config file", "not changed: lost at the next restart", true));
      return Optional.empty();
    }
    try {
      jedis.configRewrite();
      fields.add(new Field("Config file", "rewritten (CONFIG REWRITE ok)", true));
      return Optional.empty();
    } catch (RuntimeException e) {
      String problem = RedisProblem.of(target, e).message();
      log.warn("target {}: CONFIG REWRITE failed after setting {}", target.name(), parameter);
      return Optional.of(problem);
    }
  }

  /**
   * What a memory limit or policy now in force does to the applications, when it hurts them:
   * "writes now fail with OOM errors (policy noeviction), 21.5 MiB in use", or "Redis is now
   * evicting keys (allkeys-lru), 1,234 evicted so far".
   */
  static Optional<String> consequence(TargetFacts after, long evicted) {
    if (after.maxmemory() <= 0) {
      return Optional.empty();
    }
    boolean over = after.usedMemory() > after.maxmemory();
    String used = Bytes.format(after.usedMemory()) + " in use";
    if (over && "noeviction".equals(after.policy())) {
      return Optional.of("writes now fail with OOM errors (policy noeviction), " + used);
    }
    if (over || evicted > 0) {
      return Optional.of(
          "Redis is now evicting keys ("
              + after.policy()
              + "), "
              + Counts.of(evicted, "key", "keys")
              + " evicted so far, "
              + used);
    }
    return Optional.empty();
  }

  private static String get(Jedis jedis, String parameter) {
    return jedis.configGet(parameter).getOrDefault(parameter, "");
  }
}
