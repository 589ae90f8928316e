package dev.incidentbot.testing;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import java.util.function.Function;

/**
 * A command for tests of what routes, wraps or audits commands: a spec and a function that answers
 * (or throws), instead of an anonymous {@link Command} in every test. Immutable.
 */
public final class TestCommand implements Command {
  private final CommandSpec spec;
  private final Function<Request, Reply> answer;
  private final boolean criticalReplyIsFailure;

  private TestCommand(
      CommandSpec spec, Function<Request, Reply> answer, boolean criticalReplyIsFailure) {
    this.spec = spec;
    this.answer = answer;
    this.criticalReplyIsFailure = criticalReplyIsFailure;
  }

  /** A command that answers each request with {@code answer}'s reply, or its exception. */
  public static TestCommand answering(CommandSpec spec, Function<Request, Reply> answer) {
    return new TestCommand(spec, answer, true);
  }

  /**
   * This command as a report of state, like a health check or a triage: a critical reply says what
   * it found, not that it failed ({@link Command#criticalReplyIsFailure()} false).
   */
  public TestCommand reportingState() {
    return new TestCommand(spec, answer, false);
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    return answer.apply(request);
  }

  @Override
  public boolean criticalReplyIsFailure() {
    return criticalReplyIsFailure;
  }
}
