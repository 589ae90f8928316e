package dev.incidentbot.incident;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Wraps a command so that each run is recorded as a COMMAND event in the timeline of the open
 * incidents it concerns (run in an incident's thread, or on one of its targets via {@code
 * target:}). The wiring wraps every command except the {@code /incident} ones, which record their
 * own events, and hidden ones (confirmations), whose features record richer events.
 */
public final class TimelineRecordingCommand implements Command {
  private final Command command;
  private final Timeline timeline;

  public TimelineRecordingCommand(Command command, Timeline timeline) {
    this.command = command;
    this.timeline = timeline;
  }

  /** Whether {@code command} should be wrapped: see the class comment. */
  public static boolean worthRecording(CommandSpec spec) {
    return !spec.hidden() && !spec.group().equals("incident") && !spec.name().equals("help");
  }

  @Override
  public CommandSpec spec() {
    return command.spec();
  }

  /** As the wrapped command counts it: a health check that found a critical target still worked. */
  @Override
  public boolean criticalReplyIsFailure() {
    return command.criticalReplyIsFailure();
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    String outcome = "failed";
    try {
      Reply reply = command.handle(request, progress);
      outcome = reply.title().isBlank() ? firstLine(reply.text()) : reply.title();
      return reply;
    } catch (UserFacingException e) {
      outcome = "refused: " + firstLine(e.getMessage());
      throw e;
    } finally {
      timeline.record(
          new TimelineEvent(
              request.at(),
              TimelineEvent.Kind.COMMAND,
              request.actor().name(),
              request.option("target").orElse(null),
              request.place(),
              "/" + request.command() + options(request.options()) + " → " + outcome));
    }
  }

  private static String options(Map<String, String> options) {
    return options.isEmpty()
        ? ""
        : options.entrySet().stream()
            .map(e -> " " + e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining());
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return Ellipsis.cut(line, 200);
  }
}
