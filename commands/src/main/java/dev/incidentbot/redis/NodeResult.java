package dev.incidentbot.redis;

import java.util.Optional;

/**
 * What one node answered, or why it did not.
 *
 * @param node the node asked
 * @param value its answer, null when it failed
 * @param problem why it failed, null when it answered
 */
public record NodeResult<T>(Node node, T value, RedisProblem problem) {

  public static <T> NodeResult<T> ok(Node node, T value) {
    return new NodeResult<>(node, value, null);
  }

  public static <T> NodeResult<T> failed(Node node, RedisProblem problem) {
    return new NodeResult<>(node, null, problem);
  }

  public boolean ok() {
    return problem == null;
  }

  public Optional<T> answer() {
    return Optional.ofNullable(value);
  }
}
