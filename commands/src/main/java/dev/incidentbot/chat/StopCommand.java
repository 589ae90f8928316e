package dev.incidentbot.chat;

/**
 * The hidden command behind every Stop button: flags the running job so it stops at its next batch
 * and replies with what it stopped. Reachable only through buttons. A job this process does not
 * know ran in a bot process that has stopped since (a restart, or a failover to another instance)
 * and stopped with it; the reply says so rather than that it finished.
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
        .orElseGet(() -> Reply.text(gone(id)).toBuilder().ephemeral(true).build());
  }

  private String gone(String id) {
    return jobs.startedHere(id)
        ? "That job has already finished."
        : "That job is no longer running: the bot that ran it has stopped since (a restart, or"
            + " another instance took over), and the job stopped with it. Run it again if it is"
            + " still needed.";
  }
}
