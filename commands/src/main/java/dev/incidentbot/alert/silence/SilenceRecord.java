package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.Place;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence the bot created, as it keeps it in its own database: written only after at least one
 * Alertmanager confirmed it with an id.
 *
 * @param id the bot's short id ("s7k2m9qa"), what people type and buttons carry
 * @param groupKey the alert group it silences
 * @param groupName the group's name, for messages
 * @param thread the group's thread, where reminders go (or where it was asked)
 * @param target the Redis target the group maps to, or null: ties it to an incident's timeline
 * @param matchers exactly the matchers Alertmanager holds
 * @param ids the id each Alertmanager answered, by Alertmanager name
 * @param createdBy who asked for it
 * @param comment why
 * @param startsAt when it started
 * @param endsAt when it ends (moved by an extension)
 * @param state active, expired (by someone) or ended
 */
public record SilenceRecord(
    String id,
    String groupKey,
    String groupName,
    Place thread,
    String target,
    List<LabelMatcher> matchers,
    Map<String, String> ids,
    String createdBy,
    String comment,
    Instant startsAt,
    Instant endsAt,
    State state) {

  /** Where a silence is in its life. */
  public enum State {
    ACTIVE,
    EXPIRED
  }

  public SilenceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(thread, "thread");
    matchers = List.copyOf(matchers);
    ids = Map.copyOf(ids);
    Objects.requireNonNull(createdBy, "createdBy");
    comment = comment == null ? "" : comment;
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(state, "state");
  }

  /** Whether it still silences at {@code now}. */
  public boolean activeAt(Instant now) {
    return state == State.ACTIVE && endsAt.isAfter(now);
  }

  public SilenceRecord extended(Instant newEnd, Map<String, String> newIds) {
    return new SilenceRecord(
        id, groupKey, groupName, thread, target, matchers, newIds, createdBy, comment, startsAt,
        newEnd, state);
  }

  public SilenceRecord expired() {
    return new SilenceRecord(
        id,
        groupKey,
        groupName,
        thread,
        target,
        matchers,
        ids,
        createdBy,
        comment,
        startsAt,
        endsAt,
        State.EXPIRED);
  }
}
