package dev.incidentbot.incident;

import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserFacingException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Finds the incident a request is about: the {@code incident:} option when given, else the incident
 * whose thread the request was made in, else the only open incident.
 */
public final class IncidentLookup {
  /** The option naming an incident, shared by every {@code /incident} command. */
  public static final String OPTION = "incident";

  private final IncidentStore store;

  public IncidentLookup(IncidentStore store) {
    this.store = store;
  }

  /** Any incident, open or resolved; with none open and none named, the latest one. */
  public Incident require(Request request) {
    if (request.option(OPTION).isEmpty() && store.open().isEmpty()) {
      return store.recent(1).stream()
          .findFirst()
          .orElseThrow(() -> new UserFacingException("There are no incidents yet."));
    }
    return find(request);
  }

  private Incident find(Request request) {
    if (request.option(OPTION).isPresent()) {
      String id = request.option(OPTION).get();
      return store
          .find(id)
          .orElseThrow(() -> new UserFacingException("There is no incident " + id + "."));
    }
    List<Incident> open = store.open();
    String thread = request.place().threadId();
    if (thread != null) {
      for (Incident incident : open) {
        if (incident.thread() != null && Objects.equals(thread, incident.thread().threadId())) {
          return incident;
        }
      }
    }
    if (open.size() == 1) {
      return open.get(0);
    }
    if (open.isEmpty()) {
      throw new UserFacingException(
          "There is no open incident. Name one with incident:INC-<n>, or /incident list.");
    }
    throw new UserFacingException(
        "Which incident? Add incident:<id>; open: "
            + open.stream().map(Incident::id).collect(Collectors.joining(", "))
            + ".");
  }

  /** An incident that is still open. */
  public Incident requireOpen(Request request) {
    Incident incident = find(request);
    if (!incident.isOpen()) {
      throw new UserFacingException(incident.id() + " is already resolved.");
    }
    return incident;
  }
}
