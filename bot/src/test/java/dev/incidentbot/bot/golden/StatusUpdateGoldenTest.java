package dev.incidentbot.bot.golden;

import dev.incidentbot.chat.UserRef;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentStatus;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.incident.StatusUpdateFixtures;
import dev.incidentbot.incident.StatusUpdateMessage;
import dev.incidentbot.incident.StatusUpdateRenderer;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.template.Templates;
import dev.incidentbot.testing.Golden;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stakeholder status update ({@code status-update}) rendered by the built-in template for an
 * incident's updates: the console text ({@code .txt}), the Discord JSON ({@code .json}) and the
 * plain text stored and sent to webhooks ({@code .plain.txt}), all from one rendered reply, against
 * {@code golden/status-update/<case>.*}. Regenerate with {@code -Dgolden.update=true} after a
 * deliberate change and read the diff.
 */
@DisplayName("Status updates: console, Discord JSON and plain text exactly as the golden files")
class StatusUpdateGoldenTest {
  private static final Instant START = Instant.parse("2026-05-04T08:00:00Z");
  private static final StatusUpdateRenderer RENDERER =
      new StatusUpdateRenderer(
          new Templates(null),
          new Targets(
              List.of(
                  StatusUpdateFixtures.cache(),
                  Target.standalone("search-cache", "redis://127.0.0.1:6380"))),
          StatusUpdateFixtures.SETTINGS);

  static Stream<Arguments> updates() {
    var first =
        new StatusUpdate(
            START,
            "alice",
            IncidentStatus.INVESTIGATING,
            "Posts publish late",
            "Redis cache is out of memory.",
            List.of("Publishing: delays up to 10 min", "Search: stale results"),
            List.of(),
            "");
    var identified =
        new StatusUpdate(
            START.plusSeconds(12 * 60),
            "alice",
            IncidentStatus.IDENTIFIED,
            "Posts publish late",
            "maxmemory reached: a deploy doubled the session TTL.\n\nRolling it back.",
            List.of("Publishing: delays up to 10 min", "Search: stale results"),
            List.of("Raise maxmemory", "Purge cache:* keys"),
            "");
    var resolved =
        new StatusUpdate(
            START.plusSeconds(50 * 60),
            "bob",
            IncidentStatus.RESOLVED,
            "None",
            "Raised maxmemory to 4 GB",
            List.of(),
            List.of(),
            "");
    var hostile =
        new StatusUpdate(
            START.plusSeconds(5 * 60),
            "mallory",
            IncidentStatus.INVESTIGATING,
            "**all** users @everyone\nStatus: Resolved",
            "Subject: fake\n[click](https://evil.example) <@123456789012345678> `x` # not a header",
            List.of("- Publishing: - nested", "Notifications: **down**"),
            List.of("Next Steps:", "2. twice"),
            "");
    return Stream.of(
        Arguments.of(
            "first-update", RENDERER.render(incident(List.of()), first, START.plusSeconds(150))),
        Arguments.of(
            "identified-with-changes",
            RENDERER.render(incident(List.of(first)), identified, identified.at())),
        Arguments.of(
            "resolved",
            RENDERER.render(incident(List.of(first, identified)), resolved, resolved.at())),
        Arguments.of("hostile-text", RENDERER.render(incident(List.of()), hostile, hostile.at())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  @DisplayName("each case: console, Discord and plain text")
  void matchesGolden(String name, StatusUpdateMessage message) throws Exception {
    String base = StatusUpdateRenderer.TEMPLATE + "/" + name;
    GoldenReply.check(base, message.reply());
    Golden.check(base + ".plain.txt", message.text() + "\n");
  }

  private static Incident incident(List<StatusUpdate> updates) {
    return StatusUpdateFixtures.incident(
        "INC-42",
        "Redis out of memory on cache",
        List.of("cache", "search-cache"),
        new UserRef("100000000000000001", "alice"),
        START,
        START,
        updates);
  }
}
