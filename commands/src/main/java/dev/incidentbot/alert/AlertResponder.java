package dev.incidentbot.alert;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Router;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one notification of one alert group, the way an on-call engineer would:
 *
 * <ul>
 *   <li>a new group gets a thread on its alert message (for webhooks the bot posts that message in
 *       the alert channel first) and a triage of its targets, asked of the router as an automated
 *       request, so it is audited like a person's;
 *   <li>a repeat goes to the same thread and is counted; it is said in the thread only when it
 *       changes something, and triaged again only once the triage window has passed. Changes within
 *       the update window of the group's latest update message edit that message instead of posting
 *       another ({@link ChangeCoalescing});
 *   <li>a resolved notification is said in the thread, followed by a verification check, and a
 *       "Resolve incident" button when the group has an open incident.
 * </ul>
 *
 * <p>Called by {@link AlertIntake} on a worker thread, never twice at once for one group. Blocks on
 * chat posts and up to the targets' timeout on health checks.
 */
public final class AlertResponder {
  private static final Logger log = LoggerFactory.getLogger(AlertResponder.class);
  private static final int MAX_THREAD_NAME = 100;

  /** How long a group may stay claimed without a thread before another notification opens it. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

  private final Outbox outbox;
  private final AlertGroupStore store;
  private final AlertTargets targets;
  private final Router router;
  private final AlertIncidents incidents;
  private final Timeline timeline;
  private final AlertSettings settings;
  private final Clock clock;
  private final AlertMetrics metrics;
  private final AlertGroupActions actions;
  private final AlertViews views;

  /**
   * A responder whose alert messages and triages carry {@code actions}' buttons (silence, ack), and
   * whose repeats ping the on-call role until someone takes the group.
   *
   * @param actions the group buttons ({@link AlertGroupActions#NONE} for none)
   * @param views words the alert messages (the operators' templates)
   */
  public AlertResponder(
      Outbox outbox,
      AlertGroupStore store,
      AlertTargets targets,
      Router router,
      AlertIncidents incidents,
      Timeline timeline,
      AlertSettings settings,
      Clock clock,
      AlertMetrics metrics,
      AlertGroupActions actions,
      AlertViews views) {
    this.actions = actions;
    this.views = views;
    this.outbox = outbox;
    this.store = store;
    this.targets = targets;
    this.router = router;
    this.incidents = incidents;
    this.timeline = timeline;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Handles {@code delivery}; never throws (failures are logged and counted).
   *
   * @return false when handling failed: intake keeps the notification and tries again
   */
  public boolean handle(AlertIntake.Delivery delivery) {
    return handle(delivery, () -> false);
  }

  /**
   * Handles {@code delivery}, knowing whether a later notification of its group already waits
   * ({@code laterQueued}): then a change that would only edit the update message is counted and
   * left for that later one to say, so a burst costs one edit, not one per notification.
   *
   * <p>A {@link AlertIntake.Delivery#resumed() resumed} delivery that opened its group before a
   * crash cut it short (the group still says just this notification and was never triaged) finishes
   * that opening: the thread, or the triage in the thread it already has.
   *
   * @return false when handling failed (logged and counted): intake keeps the notification
   */
  public boolean handle(AlertIntake.Delivery delivery, BooleanSupplier laterQueued) {
    AlertNotification n = delivery.notification();
    try {
      seen(n);
      Optional<AlertGroup> known = store.find(n.groupKey());
      if (known.isEmpty()) {
        open(delivery);
      } else if (delivery.resumed() && interruptedOpening(known.get(), n)) {
        log.info("alert group {}: finishing an opening cut short by a restart", n.groupName());
        finishOpening(delivery, known.get(), clock.instant());
      } else {
        follow(delivery, known.get(), laterQueued);
      }
      return true;
    } catch (RuntimeException e) {
      metrics.failed();
      log.error("could not handle alert group {} ({})", n.groupName(), n.groupKey(), e);
      return false;
    }
  }

  private void seen(AlertNotification n) {
    try {
      actions.seen(n);
    } catch (RuntimeException e) {
      log.warn("alert group {}: could not remember its labels", n.groupName(), e);
    }
  }

  /** {@code reply} with the group's buttons after its own, within Discord's 25. */
  private Reply withActions(Reply reply, String groupRef) {
    List<Button> more;
    try {
      more = actions.buttons(groupRef);
    } catch (RuntimeException e) {
      log.warn("alert group {}: no silence buttons", groupRef, e);
      return reply;
    }
    var b = reply.toBuilder();
    int room = 25 - reply.buttons().size();
    more.stream().limit(Math.max(0, room)).forEach(x -> b.button(x.label(), x.style(), x.action()));
    return b.build();
  }

  /**
   * {@code n} listing at most about {@code keep} alerts, keeping one alert for each distinct set of
   * targets the others map to, so a summarised group still reaches all its targets.
   */
  public AlertNotification summarised(AlertNotification n, int keep) {
    return n.summarised(keep, targets::labelled);
  }

  /** Whether {@code group} was claimed by {@code n} itself and its opening never finished. */
  private static boolean interruptedOpening(AlertGroup group, AlertNotification n) {
    return group.notifications() == 1
        && group.lastTriage() == null
        && group.status() == n.status()
        && group.state().equals(n.state());
  }

  private void open(AlertIntake.Delivery delivery) {
    AlertNotification n = delivery.notification();
    Instant now = clock.instant();
    AlertGroup group = AlertGroup.claim(n, targets.targetsFor(n), now);
    if (!store.create(group)) {
      store.find(n.groupKey()).ifPresent(g -> follow(delivery, g, () -> false));
      return;
    }
    openThread(delivery, group, now);
  }

  private void finishOpening(AlertIntake.Delivery delivery, AlertGroup group, Instant now) {
    if (group.thread() == null) {
      openThread(delivery, group.withTargets(targets.targetsFor(delivery.notification())), now);
    } else if (group.status() != AlertStatus.RESOLVED) {
      triageOpened(delivery, group, now);
    }
  }

  /** Posts (for webhooks) the alert message, starts the group's thread on it, then triages. */
  private void openThread(AlertIntake.Delivery delivery, AlertGroup claimed, Instant now) {
    AlertNotification n = delivery.notification();
    Outbox.Posted message = alertMessage(delivery, claimed);
    Place thread = outbox.startThread(message, threadName(n));
    AlertGroup group = claimed.opened(message.messageId(), thread);
    store.update(group);
    log.info("alert group {} opened a thread for targets {}", n.groupName(), group.targets());
    if (n.status() == AlertStatus.RESOLVED) {
      record(group, n, "Alert " + n.groupName() + " arrived resolved");
      resolve(delivery, group);
      store.update(group);
      return;
    }
    triageOpened(delivery, group, now);
  }

  /**
   * The message the group's thread hangs on: the one it arrived as, the one posted before a crash
   * cut the opening short (recorded), or a new one, recorded before the thread is started so that a
   * crash after it repeats no post even past the chat's dedupe window.
   */
  private Outbox.Posted alertMessage(AlertIntake.Delivery delivery, AlertGroup claimed) {
    if (delivery.message() != null) {
      return delivery.message();
    }
    Place alerts = outbox.place(Outbox.Channel.ALERTS);
    if (claimed.messageId() != null) {
      return new Outbox.Posted(alerts, claimed.messageId());
    }
    AlertNotification n = delivery.notification();
    Outbox.Posted posted =
        outbox.post(
            alerts,
            withActions(
                views.message(notice(n, claimed.notifications(), null, List.of(), null)),
                n.groupKey()),
            postKey(delivery, "message"));
    store.update(claimed.opened(posted.messageId(), null));
    return posted;
  }

  /** The first triage of a group whose thread is open, and its incident when configured. */
  private void triageOpened(AlertIntake.Delivery delivery, AlertGroup opened, Instant now) {
    AlertNotification n = delivery.notification();
    AlertGroup group = triage(delivery, opened, opened.targets(), now);
    group = autoDeclare(group, delivery);
    store.update(group);
    // after any declaration, so the new incident's timeline starts with its alert
    record(group, n, "Alert " + AlertNotice.tag(n) + " " + n.groupName() + " opened a thread");
  }

  private void follow(
      AlertIntake.Delivery delivery, AlertGroup known, BooleanSupplier laterQueued) {
    AlertNotification n = delivery.notification();
    Instant now = clock.instant();
    AlertGroup group = known.counted(n, now);
    if (group.thread() == null) {
      if (now.isAfter(known.firstSeen().plus(OPEN_TIMEOUT))) {
        // opening failed (chat unreachable, bot stopped half-way): this notification opens it
        log.warn("alert group {} has no thread yet; opening it now", n.groupName());
        openThread(delivery, group.withTargets(targets.targetsFor(n)), now);
      } else {
        store.update(group); // another bot instance is opening this group's thread right now
      }
      return;
    }
    boolean changed = !n.state().equals(known.state());
    List<String> joined =
        targets.targetsFor(n).stream().filter(t -> !known.targets().contains(t)).toList();
    group = group.withTargets(joined);
    if (n.status() == AlertStatus.RESOLVED) {
      if (known.status() != AlertStatus.RESOLVED || changed) {
        record(group, n, "Alert " + n.groupName() + " resolved");
        resolve(delivery, group);
        group = group.withLatestUpdate(null); // a change after this is said below the verification
      }
    } else if (windowPassed(known, now)) {
      Optional<String> taken = takenBy(group);
      outbox.post(
          group.thread(),
          views.stillFiring(notice(n, group.notifications(), null, List.of(), taken.orElse(null))),
          postKey(delivery, "again"));
      record(group, n, "Alert " + AlertNotice.tag(n) + " " + n.groupName() + " still firing");
      group = triage(delivery, group, group.targets(), now);
    } else if (changed) {
      var decision =
          ChangeCoalescing.decide(
              group.latestUpdate(), now, settings.updateWindow(), !joined.isEmpty());
      if (decision == ChangeCoalescing.Decision.EDIT_LATEST && laterQueued.getAsBoolean()) {
        // the later notification says the newest state; keep the last said one, so that it reads
        // as a change even if it repeats this one
        group = group.withState(known.state());
      } else {
        group = sayChange(delivery, group, joined, now, decision);
        record(group, n, "Alert " + AlertNotice.tag(n) + " " + n.groupName() + " changed");
        if (!joined.isEmpty()) {
          group = triage(delivery, group, joined, now); // a new target is news, not a repeat
        }
      }
    }
    store.update(group);
  }

  /**
   * Says a change of a firing group as {@code decision} has it: edits its latest update message
   * while that is recent, else (or when the edit fails) posts a new one and remembers it.
   */
  private AlertGroup sayChange(
      AlertIntake.Delivery delivery,
      AlertGroup group,
      List<String> joined,
      Instant now,
      ChangeCoalescing.Decision decision) {
    AlertNotification n = delivery.notification();
    Reply update = views.update(notice(n, group.notifications(), now, joined, null));
    AlertGroup.LatestUpdate latest = group.latestUpdate();
    if (decision == ChangeCoalescing.Decision.EDIT_LATEST && edited(group, latest, update)) {
      return group;
    }
    Outbox.Posted posted = outbox.post(group.thread(), update, postKey(delivery, "update"));
    return group.withLatestUpdate(new AlertGroup.LatestUpdate(posted.messageId(), now));
  }

  private boolean edited(AlertGroup group, AlertGroup.LatestUpdate latest, Reply update) {
    try {
      return outbox.edit(new Outbox.Posted(group.thread(), latest.messageId()), update);
    } catch (RuntimeException e) {
      log.warn(
          "alert group {}: could not edit update message {}; posting a new one",
          group.name(),
          latest.messageId(),
          e);
      return false;
    }
  }

  /** Posts a triage; the next change then posts below it rather than editing above it. */
  private AlertGroup triage(
      AlertIntake.Delivery delivery, AlertGroup group, List<String> which, Instant now) {
    Reply reply = dispatch(group, which, delivery.notification(), TriageCommand.TRIAGE);
    outbox.post(group.thread(), withActions(reply, ref(group)), postKey(delivery, "triage"));
    metrics.triaged(Duration.ofNanos(System.nanoTime() - delivery.receivedNanos()));
    return group.triaged(now).withLatestUpdate(null);
  }

  private void resolve(AlertIntake.Delivery delivery, AlertGroup group) {
    AlertNotification n = delivery.notification();
    outbox.post(
        group.thread(),
        views.resolved(notice(n, group.notifications(), null, List.of(), null)),
        postKey(delivery, "resolved"));
    Reply verification = dispatch(group, group.targets(), n, TriageCommand.VERIFY);
    if (verification.severity() == dev.incidentbot.chat.Severity.OK) {
      Optional<Button> resolve = incidents.resolveButton(group);
      if (resolve.isPresent()) {
        verification =
            verification.toBuilder()
                .button(resolve.get().label(), resolve.get().style(), resolve.get().action())
                .build();
      }
    }
    outbox.post(group.thread(), verification, postKey(delivery, "verify"));
  }

  private AlertGroup autoDeclare(AlertGroup group, AlertIntake.Delivery delivery) {
    AlertNotification n = delivery.notification();
    String value = n.label(settings.severityLabel());
    String severity =
        value == null ? null : settings.autoDeclare().get(value.toLowerCase(Locale.ROOT));
    if (severity == null) {
      return group;
    }
    Optional<AlertIncidents.Declaration> declared = incidents.declare(group, n, severity, actor(n));
    if (declared.isEmpty()) {
      return group;
    }
    outbox.post(group.thread(), declared.get().reply(), postKey(delivery, "declared"));
    String id = declared.get().incidentId();
    log.info("alert group {} auto-declared {} ({})", n.groupName(), id, severity);
    return id == null ? group : group.withIncident(id);
  }

  private Reply dispatch(AlertGroup group, List<String> which, AlertNotification n, String mode) {
    Map<String, String> options = new HashMap<>();
    options.put("alert", group.name());
    options.put("mode", mode);
    if (!which.isEmpty()) {
      options.put("targets", String.join(",", which));
    }
    var request =
        new Request(TriageCommand.NAME, options, actor(n), group.thread(), clock.instant());
    return router.dispatch(request, Progress.NONE);
  }

  /**
   * The idempotency key of post {@code which} made for {@code delivery}'s inbox entry: handling the
   * entry again after a crash cut it short (its posts made, not recorded) sends the same keys, and
   * the chat adapter answers the messages posted the first time instead of posting them again. The
   * entry's id and its delivery key together name it, even across bot databases; null (a plain
   * post) for a delivery that is not from the inbox.
   */
  static String postKey(AlertIntake.Delivery delivery, String which) {
    if (delivery.entryId() <= 0) {
      return null;
    }
    return "alert."
        + delivery.entryId()
        + "."
        + which
        + "."
        + delivery.notification().deliveryKey();
  }

  /** What buttons carry to name the group: its thread when it has one, else its key. */
  private static String ref(AlertGroup group) {
    return group.thread() != null && group.thread().threadId() != null
        ? group.thread().threadId()
        : group.key();
  }

  private Optional<String> takenBy(AlertGroup group) {
    try {
      return actions.takenBy(group.key());
    } catch (RuntimeException e) {
      log.warn("alert group {}: could not read who took it", group.name(), e);
      return Optional.empty();
    }
  }

  private AlertNotice notice(
      AlertNotification n, int count, Instant lastChange, List<String> joined, String takenBy) {
    return AlertNotice.of(n, settings.severityLabel(), count, lastChange, joined, takenBy);
  }

  private Actor actor(AlertNotification n) {
    return Actor.automation(n.source().actorName(), settings.roles());
  }

  private boolean windowPassed(AlertGroup group, Instant now) {
    return group.lastTriage() == null
        || !now.isBefore(group.lastTriage().plus(settings.triageWindow()));
  }

  private void record(AlertGroup group, AlertNotification n, String text) {
    List<String> names =
        group.targets().isEmpty() ? Collections.singletonList(null) : group.targets();
    for (String target : names) {
      timeline.record(
          new TimelineEvent(
              clock.instant(),
              TimelineEvent.Kind.ALERT,
              n.source().actorName(),
              target,
              group.thread(),
              SafeText.cut(text, 300)));
    }
  }

  private static String threadName(AlertNotification n) {
    String name = SafeText.of(n.groupName());
    return Ellipsis.cut(name, MAX_THREAD_NAME);
  }
}
