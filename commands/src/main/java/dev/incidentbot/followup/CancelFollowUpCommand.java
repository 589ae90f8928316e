package dev.incidentbot.followup;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobIds;
import dev.incidentbot.schedule.Scheduler;
import java.util.Locale;

/** {@code /followup cancel id:}: stops one scheduled job. */
public final class CancelFollowUpCommand implements Command {
  private final Scheduler scheduler;

  public CancelFollowUpCommand(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "followup cancel",
        "stop a scheduled check, watch or reminder",
        Roles.OPERATOR,
        OptionSpec.text("id", "the id /followup list shows", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    String id = request.requireOption("id").toLowerCase(Locale.ROOT);
    boolean internal =
        scheduler.pending(Job.INTERNAL_GROUP).stream().anyMatch(s -> s.id().equals(id));
    if (!JobIds.valid(id) || internal || !scheduler.cancel(id)) {
      throw new UserFacingException(
          "No scheduled job has id '"
              + request.requireOption("id")
              + "'; /followup list shows the ids of what is scheduled.");
    }
    return Reply.builder("Cancelled " + id).text("It will not run again.").build();
  }
}
