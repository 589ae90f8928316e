package dev.incidentbot.redis;

import java.util.Objects;

/** Carries a {@link RedisProblem} out of code that cannot return one, such as node resolution. */
public final class RedisProblemException extends RuntimeException {
  private final transient RedisProblem problem;

  public RedisProblemException(RedisProblem problem) {
    super(problem.message());
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public RedisProblem problem() {
    return problem;
  }
}
