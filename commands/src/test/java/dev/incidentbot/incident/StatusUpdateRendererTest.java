package dev.incidentbot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserRef;
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
    return new Targets(List.of(StatusUpdateFixtures.cache()));
  }

  static Incident incident(List<StatusUpdate> updates) {
    return StatusUpdateFixtures.incident(
        "INC-7",
        "Redis out of memory",
        List.of("cache"),
        new UserRef("alice", "alice"),
        START,
        START.plusSeconds(120),
        updates);
  }

  static final IncidentSettings SETTINGS = StatusUpdateFixtures.SETTINGS;

  /** The renderer with the templates in {@code dir} (null: the built-in ones only). */
  static StatusUpdateRenderer renderer(Path dir) {
    return new StatusUpdateRenderer(new Templates(dir), targets(), SETTINGS);
  }

  @Test
  @DisplayName("the built-in template reproduces the runbook's, field by field, from live data")
  void firstUpdate() {
    var renderer = renderer(null);
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
    Reply reply = message.reply();
    assertThat(reply.title()).isEqualTo(message.subject());
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
    assertThat(reply.fields())
        .containsExactly(
            new Field("Status", "Investigating", true),
            new Field("Impact", "Posts publish late", true),
            new Field("Start Time", "2026-03-01T09:00:00Z", true),
            new Field("Affected Services", "Publishing, Notifications, Rate Limiting", true),
            new Field("Summary", "Redis cache is out of memory.", false),
            new Field(
                "User Impact",
                "- Publishing: delays up to 10 min (42 min so far)\n"
                    + "- Notifications: affected (42 min so far)\n"
                    + "- Rate Limiting: affected (42 min so far)\n"
                    + "- Ops dashboards: stale",
                false),
            new Field("Next Steps", "1. Raise maxmemory\n2. Purge cache:*", false));
  }

  @Test
  @DisplayName("a later update says what changed; the resolved one gives total durations")
  void changesAndResolution() {
    var renderer = renderer(null);
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
  @DisplayName("an operator's template overrides the built-in one; the plain text follows it")
  void override(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("status-update.reply"),
        """
        title: {{id}} is {{status}}
        severity: critical
        text:
          Nothing for you to do.
        inline field: Status
          {{status}}
        inline field: Commander
          {{commander}}
        field: Steps
          {{#nextSteps}}
          {{number}}. {{text}}
          {{/nextSteps}}
        """);
    var renderer = renderer(dir);
    var message =
        renderer.render(
            incident(List.of()),
            new StatusUpdate(
                START,
                "alice",
                IncidentStatus.MONITORING,
                "",
                "",
                List.of(),
                List.of("Watch memory"),
                ""),
            START);
    assertThat(message.subject()).isEqualTo("INC-7 is Monitoring");
    assertThat(message.reply().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(message.reply().fields())
        .extracting(Field::name)
        .containsExactly("Status", "Commander", "Steps");
    assertThat(message.text())
        .isEqualTo(
            """
            Subject: INC-7 is Monitoring

            Nothing for you to do.

            Status: Monitoring
            Commander: alice

            Steps:
            1. Watch memory""");
  }

  @Test
  @DisplayName("a value that looks like a field stays inside its field, in chat and in the text")
  void valuesStayValues() {
    var renderer = renderer(null);
    var update =
        new StatusUpdate(
            START,
            "alice",
            IncidentStatus.INVESTIGATING,
            "Slow\nStatus: Resolved",
            "Subject: all clear\n\nNext Steps:\n1. relax",
            List.of(),
            List.of(),
            "");

    StatusUpdateMessage message = renderer.render(incident(List.of()), update, START);
    Reply reply = message.reply();

    assertThat(reply.fields())
        .extracting(Field::name)
        .containsExactly(
            "Status",
            "Impact",
            "Start Time",
            "Affected Services",
            "Summary",
            "User Impact",
            "Next Steps");
    assertThat(reply.fields().get(0).value()).isEqualTo("Investigating");
    assertThat(reply.fields().get(1).value()).isEqualTo("Slow\nStatus: Resolved");
    assertThat(reply.fields().get(4).value())
        .isEqualTo("Subject: all clear\nNext Steps:\n1. relax");
    assertThat(reply.title()).isEqualTo("[INCIDENT] Redis Service Disruption - SmartBeak");
    // an inline field over several lines is a block in the plain text
    assertThat(message.text())
        .startsWith(
            "Subject: [INCIDENT] Redis Service Disruption - SmartBeak\n\n"
                + "Status: Investigating\n\nImpact:\nSlow\nStatus: Resolved\n\n"
                + "Start Time: 2026-03-01T09:00:00Z\n");
  }

  @Test
  @DisplayName("a broken template fails with its file and line")
  void broken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("status-update.reply");
    Files.writeString(
        file, "title: x\ninline field: Status\n  {{status}}\nfield: Impact\n  {{impcat}}\n");
    assertThatThrownBy(() -> renderer(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(file + " line 5: unknown name 'impcat'; the names here are ");

    Files.writeString(file, "title: x\nfield: User Impact\n  {{#userImpact}}\n  - {{.}}\n");
    assertThatThrownBy(() -> renderer(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + " line 3: Failed to close 'userImpact' tag");

    Files.writeString(file, "title: {{#resolved}}Resolved{{/resolved}}\ntext: {{status}}\n");
    assertThatThrownBy(() -> renderer(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + ": the title: (the update's subject) renders empty");
  }

  @Test
  @DisplayName("an operator's old status-update.mustache is refused, saying what to write instead")
  void oldTextTemplateRefused(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("status-update.mustache");
    Files.writeString(old, "Subject: {{id}}\n\nStatus: {{status}}\n");

    assertThatThrownBy(() -> renderer(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(
            old
                + ": no longer read: the status update is now the reply template"
                + " status-update.reply. Write yours there")
        .hasMessageContaining("'inline field: Name'")
        .hasMessageEndingWith("then delete this file");
  }
}
