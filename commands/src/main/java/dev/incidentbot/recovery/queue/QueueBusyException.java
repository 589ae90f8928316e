package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;

/**
 * A batch kept being changed by the queue's own workers between the bot's read and its write, so
 * the bot gave up rather than risk moving a job twice. Says how much was already done.
 */
final class QueueBusyException extends UserFacingException {
  private final long doneSoFar;

  QueueBusyException(long doneSoFar) {
    super(
        "the queue kept changing under the bot ("
            + BullMqJobs.MAX_ATTEMPTS
            + " attempts for one batch); "
            + (doneSoFar == 1 ? "1 job was" : Counts.format(doneSoFar) + " jobs were")
            + " done before it stopped, the rest are untouched. Run it again.");
    this.doneSoFar = doneSoFar;
  }

  /** How many jobs were moved or removed before it gave up. */
  long doneSoFar() {
    return doneSoFar;
  }
}
