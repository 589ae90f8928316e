package dev.incidentbot.alert;

import dev.incidentbot.chat.Place;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the bot remembers about one alert group, in its own database so that a restart keeps the
 * same thread for the group.
 *
 * @param key the group key ({@link AlertNotification#groupKey()})
 * @param name short human name, the thread's name
 * @param thread the group's thread, or null while the thread is being opened
 * @param messageId the alert message the thread hangs on, or null while being opened
 * @param targets the Redis targets the group maps to
 * @param notifications how many notifications the group has had, retries not counted
 * @param status the group's status in its last notification
 * @param state {@link AlertNotification#state()} of its last notification
 * @param firstSeen when the first notification arrived
 * @param lastSeen when the last one arrived
 * @param lastTriage when the last triage was posted, or null
 * @param incidentId the incident declared for it, or null
 * @param latestUpdate the update message that changes within the update window edit, or null when
 *     the next change posts a new one
 */
public record AlertGroup(
    String key,
    String name,
    Place thread,
    String messageId,
    List<String> targets,
    int notifications,
    AlertStatus status,
    String state,
    Instant firstSeen,
    Instant lastSeen,
    Instant lastTriage,
    String incidentId,
    LatestUpdate latestUpdate) {

  /**
   * The group's latest update message in its thread.
   *
   * @param messageId the message to edit
   * @param postedAt when it was posted; the update window runs from here, not from its last edit
   */
  public record LatestUpdate(String messageId, Instant postedAt) {
    public LatestUpdate {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(postedAt, "postedAt");
    }
  }

  public AlertGroup {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    targets = List.copyOf(targets);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** A group being opened for its first notification: no thread yet. */
  static AlertGroup claim(AlertNotification n, List<String> targets, Instant now) {
    return new AlertGroup(
        n.groupKey(),
        n.groupName(),
        null,
        null,
        targets,
        1,
        n.status(),
        n.state(),
        now,
        now,
        null,
        null,
        null);
  }

  AlertGroup opened(String message, Place threadPlace) {
    return new AlertGroup(
        key,
        name,
        threadPlace,
        message,
        targets,
        notifications,
        status,
        state,
        firstSeen,
        lastSeen,
        lastTriage,
        incidentId,
        latestUpdate);
  }

  /** One more notification, saying {@code n}. */
  AlertGroup counted(AlertNotification n, Instant now) {
    return new AlertGroup(
        key,
        name,
        thread,
        messageId,
        targets,
        notifications + 1,
        n.status(),
        n.state(),
        firstSeen,
        now,
        lastTriage,
        incidentId,
        latestUpdate);
  }

  AlertGroup triaged(Instant at) {
    return new AlertGroup(
        key,
        name,
        thread,
        messageId,
        targets,
        notifications,
        status,
        state,
        firstSeen,
        lastSeen,
        at,
        incidentId,
        latestUpdate);
  }

  /** The group with {@code more} targets added after its own. */
  AlertGroup withTargets(List<String> more) {
    var all = new java.util.LinkedHashSet<>(targets);
    all.addAll(more);
    return new AlertGroup(
        key,
        name,
        thread,
        messageId,
        List.copyOf(all),
        notifications,
        status,
        state,
        firstSeen,
        lastSeen,
        lastTriage,
        incidentId,
        latestUpdate);
  }

  AlertGroup withIncident(String id) {
    return new AlertGroup(
        key,
        name,
        thread,
        messageId,
        targets,
        notifications,
        status,
        state,
        firstSeen,
        lastSeen,
        lastTriage,
        id,
        latestUpdate);
  }

  /** The group as if its last notification had said {@code said}: for one left unsaid. */
  AlertGroup withState(String said) {
    return new AlertGroup(
        key,
        name,
        thread,
        messageId,
        targets,
        notifications,
        status,
        said,
        firstSeen,
        lastSeen,
        lastTriage,
        incidentId,
        latestUpdate);
  }

  /** The group whose next change edits {@code update}, or posts a new message when null. */
  AlertGroup withLatestUpdate(LatestUpdate update) {
    return new AlertGroup(
        key,
        name,
        thread,
        messageId,
        targets,
        notifications,
        status,
        state,
        firstSeen,
        lastSeen,
        lastTriage,
        incidentId,
        update);
  }
}
