package dev.incidentbot.redis.health;

import java.util.List;
import java.util.Objects;

/**
 * Why a target is in its scenario, as the first sentence people read, and the next steps that
 * follow from that cause (LOADING: wait; BUSY: SCRIPT KILL; CLIENT PAUSE: unpause; eviction:
 * capacity), rather than the scenario's generic ones.
 *
 * @param kind what the cause is, for the buttons a triage offers
 * @param scenario the decision-tree scenario it belongs to
 * @param verdict the title's verdict: "C: slow — KEYS blocks the server"
 * @param sentence one or two sentences naming the cause and the evidence
 * @param nextSteps what to do, most urgent first
 */
public record Cause(
    Kind kind, Scenario scenario, String verdict, String sentence, List<String> nextSteps) {

  /** The causes health tells apart. */
  public enum Kind {
    HEALTHY,
    DOWN,
    AUTH,
    NOT_REDIS,
    FAILOVER,
    LOADING,
    SAVE_FAILED,
    AOF_WRITE_FAILED,
    BUSY_SCRIPT,
    BUSY_FUNCTION,
    PAUSED_WRITES,
    PAUSED_ALL,
    NO_ANSWER,
    OUT_OF_MEMORY,
    EVICTING,
    SLOW_COMMANDS,
    STALLS,
    MAXCLIENTS,
    TOO_MANY_CLIENTS,
    MASTER_GONE,
    REPLICA_LAGGING,
    RESYNC_LOOP,
    REPLICAS_GONE,
    FRAGMENTED,
    OTHER
  }

  public Cause {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(scenario, "scenario");
    nextSteps = List.copyOf(nextSteps);
  }

  /** The scenario's own label and steps, with {@code sentence} as the cause. */
  static Cause generic(Scenario scenario, String sentence) {
    return new Cause(
        scenario == Scenario.HEALTHY ? Kind.HEALTHY : Kind.OTHER,
        scenario,
        scenario.label(),
        sentence,
        scenario.nextSteps());
  }
}
