package dev.incidentbot.recovery;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /audit [count]}: the recent recovery actions (who asked, who confirmed, what ran, what
 * came of it) and the recent refusals, newest first.
 */
public final class AuditCommand implements Command {
  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 50;

  private final ConfirmationStore store;
  private final AuditLog audit;

  public AuditCommand(ConfirmationStore store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "audit",
        "recent recovery actions: who asked, who confirmed, what ran, outcome",
        Roles.VIEWER,
        OptionSpec.integer("count", "how many, 1 to " + MAX_COUNT, false, 1, MAX_COUNT));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    int count = request.option("count").map(AuditCommand::count).orElse(DEFAULT_COUNT);
    List<Confirmation> actions = store.recent(count);
    var reply =
        Reply.builder(
            actions.isEmpty()
                ? "No recovery actions yet"
                : actions.size() == 1
                    ? "Last recovery action"
                    : "Last " + actions.size() + " recovery actions");
    if (!actions.isEmpty()) {
      reply.text(actions.stream().map(PlanReplies::line).collect(Collectors.joining("\n")));
    }
    List<AuditEntry> refusals =
        audit.recent(Math.max(200, count * 10)).stream()
            .filter(e -> e.outcome() == AuditEntry.Outcome.REFUSED)
            .limit(count)
            .toList();
    if (!refusals.isEmpty()) {
      reply.field(
          "Recent refusals",
          refusals.stream()
              .map(
                  e ->
                      PlanReplies.time(e.at())
                          + " "
                          + e.actorName()
                          + " /"
                          + e.command()
                          + " — "
                          + e.detail())
              .collect(Collectors.joining("\n")));
    }
    return reply.build();
  }

  private static int count(String text) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_COUNT) {
      throw new UserFacingException(
          "count:" + text + " is out of range; use 1 to " + MAX_COUNT + ".");
    }
    return n;
  }
}
