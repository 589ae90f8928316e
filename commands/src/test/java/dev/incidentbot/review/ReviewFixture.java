package dev.incidentbot.review;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentSeverity;
import dev.incidentbot.incident.IncidentStatus;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.sample.Sample;
import dev.incidentbot.timeline.TimelineEvent;
import dev.incidentbot.timeline.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A known incident for review and chart tests: cache fills from 08:00, an alert at 08:02, a purge
 * at 08:20 confirmed by dan brings memory down, a queue drains, a follow-up holds, another
 * regresses after a second alert, maxmemory is raised at 08:50, resolved at 09:10. Samples every 15
 * s.
 */
final class ReviewFixture {
  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
  static final Instant PURGE = T0.plus(Duration.ofMinutes(20));
  static final Instant RAISE = T0.plus(Duration.ofMinutes(50));
  static final Instant RESOLVED = T0.plus(Duration.ofMinutes(70));

  private ReviewFixture() {}

  static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  static Incident incident() {
    return new Incident(
        "INC-7",
        "Cache memory full",
        IncidentSeverity.P1,
        IncidentStatus.RESOLVED,
        List.of("cache"),
        new UserRef("alice", "alice"),
        new Place("ops", "t-7"),
        T0,
        at(4),
        RESOLVED,
        List.of(
            update(
                at(6),
                IncidentStatus.INVESTIGATING,
                "Posts publish late",
                "Investigating",
                List.of()),
            update(
                at(15),
                IncidentStatus.IDENTIFIED,
                "Posts publish late",
                "cache:* keys fill maxmemory",
                List.of("Publishing: delays up to 10 min", "Search: stale results")),
            update(
                at(40),
                IncidentStatus.MONITORING,
                "Publishing catching up",
                "Purged cache:*; memory back to 40 %",
                List.of("Publishing: delays up to 10 min")),
            update(
                RESOLVED,
                IncidentStatus.RESOLVED,
                "None; service restored",
                "Purged cache:* and raised maxmemory to 4 GB",
                List.of("Publishing: delays up to 10 min"))));
  }

  private static StatusUpdate update(
      Instant at, IncidentStatus status, String impact, String summary, List<String> notes) {
    return new StatusUpdate(at, "alice", status, impact, summary, notes, List.of(), "");
  }

  static List<TimelineEvent> events() {
    var place = new Place("ops", "t-7");
    return List.of(
        new TimelineEvent(
            at(2), Kind.ALERT, "alertmanager", "cache", place, "RedisMemoryHigh firing on cache"),
        new TimelineEvent(
            at(3),
            Kind.COMMAND,
            "bob",
            "cache",
            place,
            "/redis health target:cache → cache: memory 88 % (critical)"),
        new TimelineEvent(
            at(4),
            Kind.COMMAND,
            "alice",
            null,
            place,
            "Declared P1 \"Cache memory full\" on cache"),
        new TimelineEvent(
            at(6),
            Kind.STATUS_UPDATE,
            "alice",
            null,
            place,
            "Stakeholder update #1: Investigating — Posts publish late"),
        new TimelineEvent(
            at(15),
            Kind.STATUS_UPDATE,
            "alice",
            null,
            place,
            "Stakeholder update #2: Identified — Posts publish late"),
        new TimelineEvent(
            PURGE,
            Kind.CONFIRMATION,
            "dan",
            "cache",
            place,
            "confirmed /redis purge pattern:cache:* on cache"),
        new TimelineEvent(
            PURGE,
            Kind.ACTION,
            "dan",
            "cache",
            place,
            "/redis purge pattern:cache:* on cache: removed 52,000 keys from cache"),
        new TimelineEvent(
            at(25),
            Kind.FOLLOW_UP,
            "follow-up",
            "cache",
            place,
            "Follow-up +5 min of cache: holding ✔",
            TimelineEvent.Verdict.HELD),
        new TimelineEvent(
            at(40),
            Kind.STATUS_UPDATE,
            "alice",
            null,
            place,
            "Stakeholder update #3: Monitoring — Publishing catching up"),
        new TimelineEvent(
            at(44),
            Kind.ALERT,
            "alertmanager",
            "cache",
            place,
            "RedisMemoryHigh firing again on cache"),
        new TimelineEvent(
            at(45),
            Kind.FOLLOW_UP,
            "follow-up",
            "cache",
            place,
            "Follow-up +25 min of cache: REGRESSION — memory 86 % (was 41 %)",
            TimelineEvent.Verdict.REGRESSED),
        new TimelineEvent(
            RAISE,
            Kind.ACTION,
            "bob",
            "cache",
            place,
            "/redis set-maxmemory bytes:4gb on cache: maxmemory 1 GB → 4 GB"),
        new TimelineEvent(
            RESOLVED,
            Kind.STATUS_UPDATE,
            "alice",
            null,
            place,
            "Stakeholder update #4: Resolved — None; service restored"));
  }

  static List<Confirmation> actions() {
    return List.of(
        done(
            "c1",
            plan(
                "redis purge",
                Map.of("pattern", "cache:*"),
                "≈ 52,000 keys",
                "frees ≈ 410 MiB",
                Risk.HIGH),
            "alice",
            "dan",
            PURGE,
            "removed 52,000 keys from cache"),
        done(
            "c2",
            plan(
                "redis set-maxmemory",
                Map.of("bytes", "4gb"),
                "",
                "maxmemory 1 GB → 4 GB",
                Risk.MEDIUM),
            "alice",
            "bob",
            RAISE,
            "maxmemory 1 GB → 4 GB"));
  }

  private static Plan plan(
      String action, Map<String, String> params, String matches, String effect, Risk risk) {
    return new Plan(
        action,
        "cache",
        params,
        "master",
        "none",
        "RDB ok",
        List.of(),
        matches,
        List.of(),
        effect,
        risk,
        "",
        "operator",
        true);
  }

  private static Confirmation done(
      String id, Plan plan, String requester, String confirmer, Instant at, String outcome) {
    return new Confirmation(
        id,
        plan,
        requester,
        requester,
        new Place("ops", "t-7"),
        at.minusSeconds(60),
        at.plusSeconds(240),
        Confirmation.State.DONE,
        confirmer,
        at,
        true,
        outcome);
  }

  /** Memory climbs to 88 %, falls to 41 % after the purge, climbs to 86 %, then 22 % of 4 GB. */
  static List<Sample> samples() {
    var out = new ArrayList<Sample>();
    for (Instant t = T0.minus(Duration.ofMinutes(5)); !t.isAfter(RESOLVED); t = t.plusSeconds(15)) {
      long s = Duration.between(T0, t).toSeconds();
      double mem;
      if (t.isBefore(PURGE)) {
        mem = Math.min(88, 60 + 28.0 * Math.max(0, s) / 600);
      } else if (t.isBefore(RAISE)) {
        mem = 41 + 45.0 * Duration.between(PURGE, t).toSeconds() / 1500;
        mem = Math.min(mem, 86);
      } else {
        mem = 22;
      }
      boolean slow = t.isAfter(at(10)) && t.isBefore(PURGE);
      long queue =
          t.isBefore(PURGE)
              ? 1200 + s
              : Math.max(0, 2400 - 8 * Duration.between(PURGE, t).toSeconds());
      out.add(
          new Sample(
              "cache",
              t,
              Math.round(mem * 10) / 10.0,
              (long) (mem * 10_737_418),
              2000 + (s % 300),
              slow ? 2.5 : 0.3,
              slow ? 14.0 : 0.9,
              180L,
              t.isBefore(PURGE) ? 12L : 0L,
              t.isBefore(PURGE) && t.isAfter(at(12)) ? 35.0 : 0.0,
              0.92,
              0.0,
              0L,
              0L,
              0L,
              Map.of("bull:emails", queue),
              null));
    }
    return out;
  }
}
