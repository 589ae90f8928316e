package dev.incidentbot.followup;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.format.Durations;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** {@code /followup list}: the scheduled follow-ups, watches, reminders and routine checks. */
public final class ListFollowUpsCommand implements Command {
  /** How many jobs one reply lists; the rest are counted. */
  static final int SHOWN = 25;

  private final Scheduler scheduler;
  private final Clock clock;

  public ListFollowUpsCommand(Scheduler scheduler, Clock clock) {
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "followup list",
        "scheduled follow-up checks, incident watches, reminders and routine checks",
        Roles.VIEWER);
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    List<ScheduledJob> jobs =
        scheduler.pending(null).stream().filter(s -> !s.job().internal()).toList();
    if (jobs.isEmpty()) {
      return Reply.builder("Nothing scheduled")
          .text("Schedule a check with /followup schedule in:10m or every:5m for:30m.")
          .build();
    }
    var lines = new StringBuilder();
    for (ScheduledJob s : jobs.subList(0, Math.min(SHOWN, jobs.size()))) {
      lines
          .append(s.id())
          .append("  ")
          .append(next(s))
          .append("  ")
          .append(s.job().description())
          .append('\n');
    }
    var reply =
        Reply.builder(jobs.size() + " scheduled")
            .code("", lines.toString().strip())
            .field("Cancel", "/followup cancel id:<id>");
    if (jobs.size() > SHOWN) {
      reply.line("The " + SHOWN + " soonest of " + jobs.size() + ".");
    }
    return reply.build();
  }

  private String next(ScheduledJob s) {
    if (s.nextRun() == null) {
      return "running now";
    }
    Duration in = Duration.between(clock.instant(), s.nextRun());
    String when = in.isNegative() ? "due now" : "in " + Durations.format(in);
    return when + " (" + ScheduleFollowUpCommand.TIME.format(s.nextRun()) + ")";
  }
}
