package dev.incidentbot.incident;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import java.util.List;

/** {@code /incident list}: open incidents first, then the most recently declared. */
public final class ListIncidentsCommand implements Command {
  static final int LIMIT = 20;

  private final IncidentStore store;

  public ListIncidentsCommand(IncidentStore store) {
    this.store = store;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of("incident list", "open incidents first, then recent ones", Roles.VIEWER);
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    List<Incident> incidents = store.recent(LIMIT);
    if (incidents.isEmpty()) {
      return Reply.text("No incidents yet.");
    }
    long open = incidents.stream().filter(Incident::isOpen).count();
    var reply =
        Reply.builder(open + " open incident" + (open == 1 ? "" : "s"))
            .severity(open == 0 ? Severity.OK : Severity.WARN);
    for (Incident i : incidents) {
      reply.line(
          (i.isOpen() ? "🔴 " : "✅ ")
              + i.headline()
              + " — "
              + i.commander().name()
              + ", started "
              + StatusUpdateModel.iso(i.startedAt()));
    }
    return reply.build();
  }
}
