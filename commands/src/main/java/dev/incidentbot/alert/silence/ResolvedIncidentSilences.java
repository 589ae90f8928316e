package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentLookup;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /incident resolve}, then: the bot silences still active for the incident (made in its
 * thread or on one of its targets) listed in its thread with a button that expires them, so a
 * resolved incident does not keep its alerts quiet. The resolve itself is the wrapped command's.
 */
public final class ResolvedIncidentSilences implements Command {
  private static final Logger log = LoggerFactory.getLogger(ResolvedIncidentSilences.class);

  private final Command resolve;
  private final IncidentLookup lookup;
  private final SilenceStore store;
  private final Outbox outbox;
  private final Clock clock;

  public ResolvedIncidentSilences(
      Command resolve, IncidentLookup lookup, SilenceStore store, Outbox outbox, Clock clock) {
    this.resolve = resolve;
    this.lookup = lookup;
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return resolve.spec();
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.requireOpen(request);
    Reply reply = resolve.handle(request, progress);
    try {
      List<SilenceRecord> tied =
          store.active(clock.instant()).stream()
              .filter(
                  s ->
                      Objects.equals(s.thread(), incident.thread())
                          || (s.target() != null && incident.targets().contains(s.target())))
              .toList();
      if (!tied.isEmpty()) {
        outbox.post(
            incident.thread() != null ? incident.thread() : request.place(),
            SilenceReplies.afterResolve(incident.id(), tied));
      }
    } catch (RuntimeException e) {
      log.warn("incident {}: could not list its silences after resolving it", incident.id(), e);
    }
    return reply;
  }

  @Override
  public boolean criticalReplyIsFailure() {
    return resolve.criticalReplyIsFailure();
  }
}
