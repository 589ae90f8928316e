package dev.incidentbot.incident;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.timeline.TimelineEvent;
import java.util.List;
import java.util.Optional;

/**
 * Port: incidents, their stakeholder updates and timelines, in the bot's own database (never in a
 * Redis it watches). Implementations are thread-safe; every method is one short transaction.
 */
public interface IncidentStore {

  /**
   * Stores a new incident with status Investigating and returns it with its id.
   *
   * @throws IncidentAlreadyOpen when the incident is {@link NewIncident#exclusive() exclusive} and
   *     an exclusive one with the same title (any case, outer spaces ignored) and the same set of
   *     targets is open: decided atomically by the store, so that of two declarations racing (on
   *     one bot instance or two) one is stored
   */
  Incident declare(NewIncident incident);

  /** The incident with id {@code id} ({@code INC-42}, any case), if there is one. */
  Optional<Incident> find(String id);

  /** Every incident not yet resolved, oldest first. */
  List<Incident> open();

  /** At most {@code limit} incidents: open ones first, then the most recently declared. */
  List<Incident> recent(int limit);

  /** Records the incident's thread. */
  void setThread(String id, Place thread);

  /** Hands the incident to another commander. */
  void setCommander(String id, UserRef commander);

  /**
   * Appends a stakeholder update; the incident takes its status (and is resolved at its time when
   * the status is Resolved).
   */
  void addUpdate(String id, StatusUpdate update);

  /** Appends an event to the incident's timeline. */
  void addEvent(String id, TimelineEvent event);

  /** The incident's timeline, oldest first. */
  List<TimelineEvent> events(String id);
}
