package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;

/**
 * The "Let it end" button under the warning before a silence ends ({@code alert let-end
 * silence:<id>}, hidden): says who decided to let it end and records it in the timeline. Nothing
 * changes in Alertmanager.
 */
public final class LetEndCommand implements Command {
  private final SilenceStore store;
  private final Timeline timeline;
  private final Clock clock;

  public LetEndCommand(SilenceStore store, Timeline timeline, Clock clock) {
    this.store = store;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(
        SilenceReplies.LET_END,
        Roles.OPERATOR,
        OptionSpec.text("silence", "the silence to let end", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    String id = request.requireOption("silence");
    SilenceRecord s =
        store
            .find(id)
            .orElseThrow(() -> new UserFacingException("The bot made no silence " + id + "."));
    String text =
        request.actor().name()
            + " lets silence "
            + s.id()
            + " of "
            + s.groupName()
            + " end at "
            + SilenceReplies.time(s.endsAt());
    timeline.record(
        new TimelineEvent(
            clock.instant(),
            TimelineEvent.Kind.NOTE,
            request.actor().name(),
            s.target(),
            s.thread(),
            text));
    return Reply.builder("")
        .severity(Severity.INFO)
        .text(text + "; its alerts notify again then.")
        .build();
  }
}
