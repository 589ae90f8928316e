package dev.incidentbot.chat;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /help}: the commands this person may run, with how to type them. */
public final class HelpCommand implements Command {
  private final Supplier<List<CommandSpec>> specs;
  private final Supplier<Map<String, String>> notSetUp;

  /** Takes a supplier because the router that knows the commands is built after this one. */
  public HelpCommand(Supplier<List<CommandSpec>> specs) {
    this(specs, Map::of);
  }

  /**
   * @param notSetUp commands that exist but that this configuration leaves out, with what would set
   *     them up ({@code /runbook run} without scripts), listed so nobody wonders where they are
   */
  public HelpCommand(Supplier<List<CommandSpec>> specs, Supplier<Map<String, String>> notSetUp) {
    this.specs = specs;
    this.notSetUp = notSetUp;
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
    var absent = new StringBuilder();
    notSetUp.get().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                absent
                    .append('/')
                    .append(e.getKey())
                    .append(" — ")
                    .append(e.getValue())
                    .append('\n'));
    if (!absent.isEmpty()) {
      reply.field("Not set up here", absent.toString().strip());
    }
    return reply.ephemeral(true).build();
  }
}
