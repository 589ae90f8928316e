package dev.incidentbot.chat;

/**
 * The hidden command behind every Stop button: flags the running job so it stops at its next batch
 * and replies with what it stopped. Reachable only through buttons.
 */
public final class StopCommand implements Command {
  static final String NAME = "stop";

  private final RunningJobs jobs;

  public StopCommand(RunningJobs jobs) {
    this.jobs = jobs;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(NAME, Roles.VIEWER, OptionSpec.text("job", "job id", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    String id = request.requireOption("job");
    return jobs.requestStop(id, request.actor().name())
        .map(
            job ->
                Reply.text(
                    "Stopping " + job.what() + " (asked by " + request.actor().name() + ")."))
        .orElseGet(
            () -> Reply.text("That job has already finished.").toBuilder().ephemeral(true).build());
  }
}
