package dev.incidentbot.incident;

import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Timeline} every feature records into: an event goes to every open incident whose
 * thread is the event's place, or whose targets include the event's target. Events that belong to
 * no open incident are dropped.
 *
 * <p>Thread-safe. Never throws: a timeline that cannot be written is logged, and the action that
 * recorded it carries on.
 */
public final class IncidentTimeline implements Timeline {
  private static final Logger log = LoggerFactory.getLogger(IncidentTimeline.class);

  private final IncidentStore store;

  public IncidentTimeline(IncidentStore store) {
    this.store = store;
  }

  @Override
  public void record(TimelineEvent event) {
    try {
      for (Incident incident : store.open()) {
        if (belongs(incident, event)) {
          store.addEvent(incident.id(), event);
        }
      }
    } catch (RuntimeException e) {
      log.error("could not record a {} event in the incident timeline", event.kind(), e);
    }
  }

  static boolean belongs(Incident incident, TimelineEvent event) {
    boolean inThread =
        event.place() != null
            && event.place().threadId() != null
            && incident.thread() != null
            && Objects.equals(event.place().threadId(), incident.thread().threadId());
    boolean onTarget = event.target() != null && incident.targets().contains(event.target());
    return inThread || onTarget;
  }
}
