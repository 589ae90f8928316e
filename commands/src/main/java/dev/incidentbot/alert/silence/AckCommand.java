package dev.incidentbot.alert.silence;

import dev.incidentbot.alert.AlertGroup;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /alert ack} and the Ack button: marks the group as taken by the person who pressed. It is
 * said in the group's thread and recorded in the incident timeline, and the group's repeats stop
 * pinging the on-call role. It does not touch Alertmanager. Thread-safe.
 */
public final class AckCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(AckCommand.class);

  private final SilenceGroups groups;
  private final SilenceStore store;
  private final Outbox outbox;
  private final Timeline timeline;
  private final Clock clock;

  public AckCommand(
      SilenceGroups groups, SilenceStore store, Outbox outbox, Timeline timeline, Clock clock) {
    this.groups = groups;
    this.store = store;
    this.outbox = outbox;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        SilenceReplies.ACK,
        "take an alert group: stops repeat pings of the on-call role (Alertmanager unchanged)",
        Roles.OPERATOR,
        OptionSpec.text("group", "the alert's thread (default: this thread)", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    AlertGroup group = groups.requireGroup(request);
    var before = store.ack(group.key());
    if (before.isPresent() && before.get().byId().equals(request.actor().id())) {
      return Reply.builder("")
          .text(
              "You took "
                  + group.name()
                  + " already, at "
                  + SilenceReplies.time(before.get().at())
                  + ".")
          .ephemeral(true)
          .build();
    }
    var ack =
        new SilenceStore.Ack(
            group.key(), request.actor().id(), request.actor().name(), clock.instant());
    store.acknowledge(ack);
    log.info("alert group {}: taken by {}", group.name(), ack.byName());
    timeline.record(
        new TimelineEvent(
            ack.at(),
            TimelineEvent.Kind.NOTE,
            ack.byName(),
            group.targets().isEmpty() ? null : group.targets().get(0),
            group.thread() != null ? group.thread() : request.place(),
            "took alert group "
                + group.name()
                + " (ack)"
                + before.map(b -> ", after " + b.byName()).orElse("")));
    Reply said = SilenceReplies.acked(ack, group.name());
    if (group.thread() != null && !Objects.equals(group.thread(), request.place())) {
      try {
        outbox.post(group.thread(), said);
      } catch (RuntimeException e) {
        log.warn("alert group {}: could not say the ack in its thread", group.name(), e);
      }
    }
    return said;
  }
}
