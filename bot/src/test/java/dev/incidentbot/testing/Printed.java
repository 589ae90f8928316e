package dev.incidentbot.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one wait for text a console or a process prints: polls what it printed so far until it says
 * what a test waits for, and fails quoting all of it when it never does.
 */
public final class Printed {
  private Printed() {}

  /**
   * Waits until {@code printed} contains every one of {@code expected}, at most {@code timeout};
   * returns what was printed then.
   */
  public static String awaitContains(
      Supplier<String> printed, Duration timeout, String... expected) {
    return await(
        printed,
        out -> List.of(expected).stream().allMatch(out::contains),
        List.of(expected).toString(),
        timeout,
        () -> "");
  }

  /**
   * Waits until {@code printed} satisfies {@code done}, at most {@code timeout}; returns what was
   * printed then. On failure says what it waited for ({@code what}), quotes what was printed and
   * adds {@code context} (a log, say).
   */
  public static String await(
      Supplier<String> printed,
      Predicate<String> done,
      String what,
      Duration timeout,
      Supplier<String> context) {
    try {
      Awaitility.await(what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> done.test(printed.get()));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + timeout + " in vain for " + what + " in:\n" + printed.get() + context.get(),
          e);
    }
    return printed.get();
  }
}
