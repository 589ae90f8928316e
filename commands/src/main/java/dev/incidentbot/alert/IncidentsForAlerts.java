package dev.incidentbot.alert;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Router;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentLookup;
import dev.incidentbot.incident.IncidentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alerts meeting incidents through the same doors people use: auto-declaration is an automated
 * {@code /incident declare} through the router (so it is audited, role-checked, opens the incident
 * thread and posts the first stakeholder update), and the "Resolve incident" button runs {@code
 * /incident resolve} for whoever presses it, with the router checking their role.
 *
 * <p>Thread-safe; called on alert worker threads.
 */
public final class IncidentsForAlerts implements AlertIncidents {
  static final String DECLARE = "incident declare";
  static final String RESOLVE = "incident resolve";
  private static final int MAX_TITLE = 150;

  private final Router router;
  private final IncidentStore incidents;
  private final Clock clock;

  public IncidentsForAlerts(Router router, IncidentStore incidents, Clock clock) {
    this.router = router;
    this.incidents = incidents;
    this.clock = clock;
  }

  @Override
  public Optional<Declaration> declare(
      AlertGroup group, AlertNotification n, String severity, Actor actor) {
    if (router.spec(DECLARE).isEmpty()) {
      return Optional.empty();
    }
    String title = cut("Alert: " + n.groupName(), MAX_TITLE);
    Map<String, String> options = new HashMap<>();
    options.put("title", title);
    options.put("severity", severity);
    options.put("impact", "Under investigation (declared automatically from the alert)");
    options.put("summary", cut(summary(n), 1000));
    if (!group.targets().isEmpty()) {
      options.put("targets", String.join(",", group.targets()));
    }
    n.alerts().stream()
        .map(Alert::startsAt)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder())
        .filter(started -> !started.isAfter(clock.instant()))
        .ifPresent(started -> options.put("started", started.toString()));
    Instant at = clock.instant();
    Reply reply =
        router.dispatch(new Request(DECLARE, options, actor, group.thread(), at), Progress.NONE);
    String commander = actor.id();
    return incidents.open().stream()
        .filter(i -> i.title().equals(title) && i.commander().id().equals(commander))
        .max(Comparator.comparing(Incident::declaredAt))
        .map(i -> new Declaration(i.id(), reply))
        .or(() -> Optional.of(new Declaration(null, reply)));
  }

  @Override
  public Optional<Button> resolveButton(AlertGroup group) {
    if (router.spec(RESOLVE).isEmpty()) {
      return Optional.empty();
    }
    Optional<Incident> incident =
        Optional.ofNullable(group.incidentId())
            .flatMap(incidents::find)
            .filter(Incident::isOpen)
            .or(
                () ->
                    incidents.open().stream()
                        .filter(i -> i.targets().stream().anyMatch(group.targets()::contains))
                        .max(Comparator.comparing(Incident::declaredAt)));
    return incident.map(
        i ->
            new Button(
                "Resolve incident " + i.id(),
                Button.Style.SUCCESS,
                Action.of(
                    RESOLVE,
                    IncidentLookup.OPTION,
                    i.id(),
                    "summary",
                    cut(
                        "Alert "
                            + group.name()
                            + " resolved and the verification check passed on "
                            + String.join(", ", group.targets())
                            + ".",
                        1000))));
  }

  private static String summary(AlertNotification n) {
    return n.firing().stream()
        .map(Alert::summary)
        .findFirst()
        .orElse("Alert " + n.groupName() + " is firing.");
  }

  private static String cut(String text, int max) {
    return Ellipsis.cut(SafeText.of(text), max);
  }
}
