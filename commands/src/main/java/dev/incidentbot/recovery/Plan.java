package dev.incidentbot.recovery;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a recovery action will do, measured before anyone confirms it. Plans carry only names and
 * text, never live objects, so they can be stored and run by another bot instance.
 *
 * @param action the command that planned it ("redis purge"), naming its {@link RecoveryAction}
 * @param target the target's name
 * @param params what the action needs to run, as validated text ("pattern" → "cache:*")
 * @param targetRole the target's role as seen now ("master", "replica of 10.0.0.5:6379")
 * @param replicas its replicas and their link status ("2 replicas, all links up"), or "none"
 * @param persistence its persistence status ("RDB last save ok 3 min ago · AOF off")
 * @param willRun exactly what will be sent, one line each
 * @param matches what the dry run matched ("≈ 52,000 keys"), or "" when nothing is matched
 * @param samples a few matched items
 * @param effect the estimated effect ("frees ≈ 120 MiB")
 * @param risk the risk level
 * @param riskReason why that level, one sentence
 * @param requiredRole the role a confirmer needs
 * @param secondPerson whether the requester may not confirm alone
 */
public record Plan(
    String action,
    String target,
    Map<String, String> params,
    String targetRole,
    String replicas,
    String persistence,
    List<String> willRun,
    String matches,
    List<String> samples,
    String effect,
    Risk risk,
    String riskReason,
    String requiredRole,
    boolean secondPerson) {

  public Plan {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    params = Map.copyOf(params);
    targetRole = targetRole == null ? "" : targetRole;
    replicas = replicas == null ? "" : replicas;
    persistence = persistence == null ? "" : persistence;
    willRun = List.copyOf(willRun);
    matches = matches == null ? "" : matches;
    samples = List.copyOf(samples);
    effect = effect == null ? "" : effect;
    Objects.requireNonNull(risk, "risk");
    riskReason = riskReason == null ? "" : riskReason;
    Objects.requireNonNull(requiredRole, "requiredRole");
  }

  /** A parameter the action put in at planning time. */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("plan for /" + action + " has no parameter " + name);
    }
    return value;
  }

  /** "/redis purge pattern:cache:* on cache": what people read in lists. */
  public String summary() {
    var sb = new StringBuilder("/").append(action);
    params.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(' ').append(e.getKey()).append(':').append(e.getValue()));
    return sb.append(" on ").append(target).toString();
  }

  /** The same plan with the second-person rule decided by the confirmation policy. */
  public Plan withSecondPerson(boolean required) {
    return new Plan(
        action,
        target,
        params,
        targetRole,
        replicas,
        persistence,
        willRun,
        matches,
        samples,
        effect,
        risk,
        riskReason,
        requiredRole,
        required);
  }

  /** Starts a plan for {@code action} on {@code target}, with its facts read just now. */
  public static Builder builder(String action, String target, TargetFacts facts) {
    return new Builder(action, target, facts);
  }

  /** Builds a {@link Plan} step by step; the required role defaults to operator. */
  public static final class Builder {
    private final String action;
    private final String target;
    private final TargetFacts facts;
    private final Map<String, String> params = new java.util.LinkedHashMap<>();
    private final List<String> willRun = new java.util.ArrayList<>();
    private final List<String> samples = new java.util.ArrayList<>();
    private String matches = "";
    private String effect = "";
    private Risk risk = Risk.LOW;
    private String riskReason = "";
    private String requiredRole = dev.incidentbot.chat.Roles.OPERATOR;

    private Builder(String action, String target, TargetFacts facts) {
      this.action = action;
      this.target = target;
      this.facts = facts;
    }

    public Builder param(String name, String value) {
      params.put(name, value);
      return this;
    }

    public Builder willRun(String line) {
      willRun.add(line);
      return this;
    }

    public Builder matches(String value) {
      this.matches = value;
      return this;
    }

    public Builder sample(String value) {
      samples.add(value);
      return this;
    }

    public Builder effect(String value) {
      this.effect = value;
      return this;
    }

    /** Sets the risk; a later call keeps the higher level and its reason. */
    public Builder risk(Risk value, String reason) {
      if (value.compareTo(risk) > 0 || riskReason.isEmpty()) {
        this.risk = value;
        this.riskReason = reason;
      }
      return this;
    }

    public Builder requiredRole(String role) {
      this.requiredRole = role;
      return this;
    }

    public Plan build() {
      return new Plan(
          action,
          target,
          params,
          facts == null ? "" : facts.role(),
          facts == null ? "" : facts.replicas(),
          facts == null ? "" : facts.persistence(),
          willRun,
          matches,
          samples,
          effect,
          risk,
          riskReason,
          requiredRole,
          false);
    }
  }
}
