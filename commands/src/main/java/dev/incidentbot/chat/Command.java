package dev.incidentbot.chat;

/**
 * One thing the bot can do. Implementations are small final classes named after what they do, built
 * once in the bot's wiring. {@link #handle} runs on a worker thread, never on a chat platform's
 * event thread, and may block up to the target's timeout.
 */
public interface Command {

  CommandSpec spec();

  /**
   * Does the work and says what happened.
   *
   * @throws UserFacingException when the request is wrong in a way the user can fix
   */
  Reply handle(Request request, Progress progress);

  /**
   * Whether a critical reply means this command failed (an action that could not finish), as the
   * audit log and metrics count it. False for commands that report state (health, triage): a triage
   * that found a critical target worked, and is counted {@code ok}.
   */
  default boolean criticalReplyIsFailure() {
    return true;
  }
}
