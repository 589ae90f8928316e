package dev.incidentbot.incident;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /incident declare title: severity: targets: impact: [summary:] [started:]}: stores the
 * incident with the declarer as commander, opens its thread in the ops channel and posts the first
 * stakeholder update (Investigating), and starts the watch of its targets (posted in the thread
 * when something changes; stopped on resolve). {@code started:} carries an alert's start time, or
 * what a person typed ({@link StartTime}). A person declaring what is already open (same title and
 * targets) is sent to that incident unless they add {@code duplicate:yes}; the store decides it
 * atomically ({@link NewIncident#exclusive()}), so of two people declaring at the same moment, on
 * one bot instance or two, one declares and the other is sent to that incident.
 */
public final class DeclareIncidentCommand implements Command {
  static final int MAX_TITLE = 150;
  static final String DUPLICATE = "duplicate";

  private final IncidentStore store;
  private final Targets targets;
  private final Outbox outbox;
  private final StatusUpdatePublisher publisher;
  private final IncidentSettings settings;
  private final FollowUps followUps;

  public DeclareIncidentCommand(
      IncidentStore store,
      Targets targets,
      Outbox outbox,
      StatusUpdatePublisher publisher,
      IncidentSettings settings,
      FollowUps followUps) {
    this.followUps = followUps;
    this.store = store;
    this.targets = targets;
    this.outbox = outbox;
    this.publisher = publisher;
    this.settings = settings;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident declare",
        "declare an incident: open its thread and tell stakeholders",
        settings.declareRole(),
        OptionSpec.text("title", "what is broken, in one line", true),
        OptionSpec.choice("severity", "P0, P1 or P2", true, IncidentSeverity.names()),
        new OptionSpec(
            "targets",
            "affected Redis targets, comma-separated",
            OptionSpec.Type.STRING,
            false,
            List.of(),
            true),
        OptionSpec.text("impact", "what users notice", false),
        OptionSpec.text("summary", "what is known so far", false),
        OptionSpec.text(
            "started", "when it started: ISO-8601, 10m (ago) or 14:05 (UTC); default now", false),
        OptionSpec.choice(
            DUPLICATE, "yes: declare even if one is open with this title", false, List.of("yes")));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    String title = request.requireOption("title");
    if (title.length() > MAX_TITLE) {
      throw new UserFacingException("Keep the title under " + MAX_TITLE + " characters.");
    }
    IncidentSeverity severity = IncidentSeverity.parse(request.requireOption("severity"));
    List<String> names = targetNames(request.option("targets"));
    Instant now = request.at();
    Instant started = request.option("started").map(s -> StartTime.parse(s, now)).orElse(now);
    refuseDuplicate(request, title, names);
    String impact = request.option("impact").orElse("Under investigation");
    if (impact.length() > UpdateForm.MAX_IMPACT) {
      throw new UserFacingException("Keep impact under " + UpdateForm.MAX_IMPACT + " characters.");
    }
    UserRef commander = UserRef.of(request.actor());
    boolean exclusive = !request.actor().automated() && request.option(DUPLICATE).isEmpty();
    Incident incident =
        declare(
            new NewIncident(title, severity, names, commander, started, now, exclusive), request);

    Place thread = openThread(incident);
    store.setThread(incident.id(), thread);
    if (!names.isEmpty()) {
      followUps.watchIncident(incident.id(), names, thread);
    }
    incident = store.find(incident.id()).orElseThrow();
    store.addEvent(incident.id(), declared(request, thread, severity, title, names));
    var published = publisher.publish(incident, firstUpdate(request, title, impact));
    return declaredReply(incident, published.nextDue());
  }

  /**
   * Stores the incident; when someone racing this request (on this instance or another) declared
   * the same a moment ago, points the declarer to theirs.
   */
  private Incident declare(NewIncident incident, Request request) {
    try {
      return store.declare(incident);
    } catch (IncidentAlreadyOpen e) {
      throw alreadyOpen(store.find(e.openId()).orElseThrow(() -> e), request);
    }
  }

  /** The timeline's first entry: who declared what, on which targets. */
  private static TimelineEvent declared(
      Request request, Place thread, IncidentSeverity severity, String title, List<String> names) {
    return new TimelineEvent(
        request.at(),
        TimelineEvent.Kind.COMMAND,
        request.actor().name(),
        null,
        thread,
        "Declared " + severity + " \"" + title + "\" on " + String.join(", ", names));
  }

  /** The first stakeholder update: Investigating, with the impact and summary given. */
  private static StatusUpdate firstUpdate(Request request, String title, String impact) {
    return new StatusUpdate(
        request.at(),
        request.actor().name(),
        IncidentStatus.INVESTIGATING,
        impact,
        request.option("summary").orElse("We are investigating: " + title),
        List.of(),
        List.of(),
        "");
  }

  /** Tells the declarer they command it, when the next update is due, and offers to post it. */
  private static Reply declaredReply(Incident incident, Instant nextDue) {
    return Reply.builder(incident.id() + " declared")
        .severity(Severity.OK)
        .text(
            "You are the commander. Its thread is open in the ops channel and the first update is"
                + " with stakeholders; the next one is due by "
                + StatusUpdateModel.iso(nextDue)
                + ".")
        .button(
            "Post update",
            Button.Style.PRIMARY,
            Action.of("incident update", IncidentLookup.OPTION, incident.id()))
        .build();
  }

  private Place openThread(Incident incident) {
    Reply opening =
        Reply.builder(
                "🚨 " + incident.id() + " · " + incident.severity() + " · " + incident.title())
            .severity(StatusUpdateRenderer.colour(incident.severity(), incident.status()))
            .inlineField("Commander", incident.commander().name())
            .inlineField("Targets", String.join(", ", incident.targets()))
            .inlineField("Started", StatusUpdateModel.iso(incident.startedAt()))
            .line("Work the incident in this thread; commands here are recorded in its timeline.")
            .build();
    var posted = outbox.post(outbox.place(Outbox.Channel.OPS), opening);
    String name = incident.id() + " " + incident.title();
    return outbox.startThread(posted, Ellipsis.cut(name, 100));
  }

  private List<String> targetNames(Optional<String> option) {
    var names = new LinkedHashSet<String>();
    if (option.isEmpty()) {
      if (targets.names().size() != 1) {
        throw new UserFacingException(
            "Which targets? Add targets:<names>; known: " + String.join(", ", targets.names()));
      }
      names.add(targets.names().get(0));
    } else {
      for (String name : option.get().split("[,\\s]+")) {
        if (!name.isBlank()) {
          names.add(targets.require(Optional.of(name.strip())).name());
        }
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * Refuses a second open incident with the same title and targets, as when someone declares twice
   * or two people declare at once, unless they say {@code duplicate:yes}. Alerts have their own
   * grouping and are not checked here.
   */
  private void refuseDuplicate(Request request, String title, List<String> names) {
    if (request.actor().automated() || request.option(DUPLICATE).isPresent()) {
      return;
    }
    var same =
        store.open().stream()
            .filter(i -> i.title().strip().equalsIgnoreCase(title))
            .filter(i -> Set.copyOf(i.targets()).equals(Set.copyOf(names)))
            .findFirst();
    if (same.isPresent()) {
      throw alreadyOpen(same.get(), request);
    }
  }

  /** Points the declarer to the incident already open with their title and targets. */
  private UserFacingException alreadyOpen(Incident open, Request request) {
    String by =
        store.events(open.id()).stream()
            .filter(e -> e.kind() == TimelineEvent.Kind.COMMAND)
            .map(TimelineEvent::actor)
            .findFirst()
            .orElse(open.commander().name());
    Duration ago = Duration.between(open.declaredAt(), request.at());
    return new UserFacingException(
        open.id()
            + " is already open for "
            + String.join(", ", open.targets())
            + " (declared "
            + Durations.format(ago.isNegative() ? Duration.ZERO : ago.withNanos(0))
            + " ago by "
            + by
            + "): /incident update "
            + IncidentLookup.OPTION
            + ":"
            + open.id()
            + ", or declare again with "
            + DUPLICATE
            + ":yes to open another.");
  }
}
