package dev.incidentbot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Status updates rendered from the communication template")
class StatusUpdateRendererTest {
  static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  static Targets targets() {
    Target cache = Target.standalone("cache", "redis://127.0.0.1:6379");
    cache =
        new Target(
            cache.name(),
            cache.mode(),
            cache.endpoint(),
            null,
            List.of(),
            List.of("Publishing", "Notifications", "Rate Limiting"),
            cache.timeout(),
            cache.thresholds(),
            cache.protectedPatterns(),
            cache.allowPurgeOf());
    return new Targets(List.of(cache));
  }

  static Incident incident(List<StatusUpdate> updates) {
    return new Incident(
        "INC-7",
        "Redis out of memory",
        IncidentSeverity.P1,
        updates.isEmpty() ? IncidentStatus.INVESTIGATING : updates.get(updates.size() - 1).status(),
        List.of("cache"),
        new UserRef("alice", "alice"),
        Place.channel("ops").inThread("t1"),
        START,
        START.plusSeconds(120),
        null,
        updates);
  }

  static final IncidentSettings SETTINGS =
      new IncidentSettings(
          "SmartBeak",
          "commander",
          "commander",
          "commander",
          "commander",
          IncidentSettings.DEFAULT_REMINDERS,
          IncidentSettings.DEFAULT_SNOOZE);

  @Test
  @DisplayName("the built-in template reproduces the runbook's, field by field, from live data")
  void firstUpdate() {
    var renderer = new StatusUpdateRenderer(new Templates(null), targets(), SETTINGS);
    var update =
        new StatusUpdate(
            START.plusSeconds(120),
            "alice",
            IncidentStatus.INVESTIGATING,
            "Posts publish late",
            "Redis cache is out of memory.",
            List.of("Publishing: delays up to 10 min", "Ops dashboards: stale"),
            List.of("Raise maxmemory", "Purge cache:*"),
            "");

    StatusUpdateMessage message =
        renderer.render(incident(List.of()), update, START.plusSeconds(42 * 60 + 30));

    assertThat(message.subject()).isEqualTo("[INCIDENT] Redis Service Disruption - SmartBeak");
    assertThat(message.text())
        .isEqualTo(
            """
            Subject: [INCIDENT] Redis Service Disruption - SmartBeak

            Status: Investigating
            Impact: Posts publish late
            Start Time: 2026-03-01T09:00:00Z
            Affected Services: Publishing, Notifications, Rate Limiting

            Summary:
            Redis cache is out of memory.

            User Impact:
            - Publishing: delays up to 10 min (42 min so far)
            - Notifications: affected (42 min so far)
            - Rate Limiting: affected (42 min so far)
            - Ops dashboards: stale

            Next Steps:
            1. Raise maxmemory
            2. Purge cache:*""");
    Reply reply = message.toReply(Severity.WARN);
    assertThat(reply.title()).isEqualTo(message.subject());
    assertThat(reply.fields())
        .extracting(Field::name, Field::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Status", "Investigating"),
            org.assertj.core.groups.Tuple.tuple("Impact", "Posts publish late"),
            org.assertj.core.groups.Tuple.tuple("Start Time", "2026-03-01T09:00:00Z"),
            org.assertj.core.groups.Tuple.tuple(
                "Affected Services", "Publishing, Notifications, Rate Limiting"),
            org.assertj.core.groups.Tuple.tuple("Summary", "Redis cache is out of memory."),
            org.assertj.core.groups.Tuple.tuple(
                "User Impact",
                "- Publishing: delays up to 10 min (42 min so far)\n"
                    + "- Notifications: affected (42 min so far)\n"
                    + "- Rate Limiting: affected (42 min so far)\n"
                    + "- Ops dashboards: stale"),
            org.assertj.core.groups.Tuple.tuple(
                "Next Steps", "1. Raise maxmemory\n2. Purge cache:*"));
  }

  @Test
  @DisplayName("a later update says what changed; the resolved one gives total durations")
  void changesAndResolution() {
    var renderer = new StatusUpdateRenderer(new Templates(null), targets(), SETTINGS);
    var first =
        new StatusUpdate(
            START,
            "alice",
            IncidentStatus.IDENTIFIED,
            "Slow",
            "Memory full",
            List.of(),
            List.of("Raise maxmemory"),
            "");
    var resolved =
        new StatusUpdate(
            START.plusSeconds(3900),
            "bob",
            IncidentStatus.RESOLVED,
            "None",
            "Raised maxmemory",
            List.of(),
            List.of(),
            "");

    StatusUpdateMessage message =
        renderer.render(incident(List.of(first)), resolved, START.plusSeconds(99_999));

    assertThat(message.body())
        .contains("Status: Resolved")
        .contains("- Publishing: affected (resolved after 1 h 5 min)")
        .contains("Next Steps:\n1. None planned")
        .endsWith(
            """
            Changed since the last update (2026-03-01T09:00:00Z):
            - Status: Identified → Resolved
            - Impact: None (was: Slow)
            - Summary updated
            - Done or dropped: Raise maxmemory""");
  }

  @Test
  @DisplayName("an operator's template overrides the built-in one")
  void override(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("status-update.mustache"),
        "Subject: {{id}} is {{status}}\n\nStatus: {{status}}\nCommander: {{commander}}\n");
    var renderer = new StatusUpdateRenderer(new Templates(dir), targets(), SETTINGS);
    var message =
        renderer.render(
            incident(List.of()),
            new StatusUpdate(
                START, "alice", IncidentStatus.MONITORING, "", "", List.of(), List.of(), ""),
            START);
    assertThat(message.subject()).isEqualTo("INC-7 is Monitoring");
    assertThat(message.toReply(Severity.WARN).fields())
        .extracting(Field::name)
        .containsExactly("Status", "Commander");
  }

  @Test
  @DisplayName("a broken template fails with its file and line")
  void broken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("status-update.mustache");
    Files.writeString(file, "Subject: x\n\nStatus: {{status}}\nImpact: {{impcat}}\n");
    assertThatThrownBy(() -> new StatusUpdateRenderer(new Templates(dir), targets(), SETTINGS))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(file + " line 4: unknown name 'impcat'; the names here are ");

    Files.writeString(file, "Subject: x\n\n{{#userImpact}}\n- {{.}}\n");
    assertThatThrownBy(() -> new StatusUpdateRenderer(new Templates(dir), targets(), SETTINGS))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + " line 3: Failed to close 'userImpact' tag");

    Files.writeString(file, "Status: {{status}}\n");
    assertThatThrownBy(() -> new StatusUpdateRenderer(new Templates(dir), targets(), SETTINGS))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            file + " line 1: the first line must be 'Subject: …', not 'Status: Identified'");
  }
}
