package dev.incidentbot.chat;

import java.util.List;
import java.util.function.Supplier;

/** {@code /help}: the commands this person may run, with how to type them. */
public final class HelpCommand implements Command {
  private final Supplier<List<CommandSpec>> specs;

  /** Takes a supplier because the router that knows the commands is built after this one. */
  public HelpCommand(Supplier<List<CommandSpec>> specs) {
    this.specs = specs;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of("help", "list the commands you can run", Roles.VIEWER);
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    var text = new StringBuilder();
    var locked = new StringBuilder();
    for (CommandSpec spec : specs.get()) {
      String line = spec.usage() + " — " + spec.description() + "\n";
      if (request.actor().hasRole(spec.requiredRole())) {
        text.append(line);
      } else {
        locked.append(spec.usage()).append(" (needs ").append(spec.requiredRole()).append(")\n");
      }
    }
    var reply = Reply.builder("Commands").code("", text.toString().strip());
    if (!locked.isEmpty()) {
      reply.field("Needs another role", locked.toString().strip());
    }
    return reply.ephemeral(true).build();
  }
}
