package dev.incidentbot.redis.health;

import java.util.Objects;

/**
 * One measured value judged against its threshold.
 *
 * @param check what was checked ("memory", "clients", "latency")
 * @param level ok, warn or crit
 * @param measured the value as people read it ("91 % of 1.0 MiB")
 * @param rule the threshold it was judged by ("warn > 70 %, crit > 85 %"), may be empty
 * @param node the node it was measured on, when a target has several ("127.0.0.1:7001"), else ""
 */
public record Finding(String check, Level level, String measured, String rule, String node) {

  /** How bad a finding is. */
  public enum Level {
    OK,
    WARN,
    CRIT;

    public String marker() {
      return switch (this) {
        case OK -> "✔";
        case WARN -> "▲";
        case CRIT -> "✖";
      };
    }
  }

  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(measured, "measured");
    rule = rule == null ? "" : rule;
    node = node == null ? "" : node;
  }

  /** A finding about the target's only node. */
  public Finding(String check, Level level, String measured, String rule) {
    this(check, level, measured, rule, "");
  }

  /** This finding, labelled as measured on {@code nodeLabel}. */
  public Finding at(String nodeLabel) {
    return new Finding(check, level, measured, rule, nodeLabel);
  }

  public static Finding judge(
      String check, String measured, double value, double warn, double crit, String rule) {
    Level level = value > crit ? Level.CRIT : value > warn ? Level.WARN : Level.OK;
    return new Finding(check, level, measured, rule);
  }

  /** "✖ memory: 91 % of 1.0 MiB (warn > 70 %, crit > 85 %)", with " [node]" after the check. */
  public String line() {
    return level.marker()
        + " "
        + check
        + (node.isEmpty() ? "" : " [" + node + "]")
        + ": "
        + measured
        + (rule.isEmpty() ? "" : " (" + rule + ")");
  }
}
