package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentSeverity;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "Alerts and incidents: auto-declare by severity, Resolve incident when the group resolves")
class AlertIncidentsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private AlertBot bot;

  @AfterEach
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  @DisplayName(
      "critical alert: P1 declared through the router, first update to stakeholders;"
          + " resolved: the verification offers Resolve incident, which resolves it")
  void autoDeclareAndResolve() throws Exception {
    bot =
        AlertBot.start(
            redis.server().url(),
            redis.server().url(),
            "jdbc:h2:mem:incidents-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
            "  autoDeclare: {critical: P1}\n  roles: [viewer, commander]",
            Duration.ZERO);

    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
    var declared = bot.outbox.await(p -> p.reply().title().endsWith("declared"), 1, WAIT).get(0);

    Incident incident = bot.wiring.incidents().open().get(0);
    assertThat(incident.severity()).isEqualTo(IncidentSeverity.P1);
    assertThat(incident.title()).isEqualTo("Alert: RedisDown orders");
    assertThat(incident.targets()).containsExactly("cache-a");
    assertThat(incident.startedAt()).isBefore(incident.declaredAt()); // the alert's start
    assertThat(incident.commander().id()).isEqualTo("automation:alertmanager");
    assertThat(declared.reply().title()).isEqualTo(incident.id() + " declared");
    var thread = bot.outbox.threads().get(0).thread();
    assertThat(declared.place()).isEqualTo(thread);
    assertThat(bot.outbox.inChannel(RecordingOutbox.STAKEHOLDERS)).hasSize(1);
    // the alert is recorded just after the declaration is posted
    Awaitility.await("the alert in the incident's timeline")
        .atMost(WAIT)
        .until(
            () ->
                bot.wiring.incidents().events(incident.id()).stream()
                    .anyMatch(e -> e.kind() == TimelineEvent.Kind.ALERT));
    assertThat(bot.wiring.incidents().events(incident.id()))
        .extracting(TimelineEvent::kind)
        .contains(TimelineEvent.Kind.ALERT);

    bot.postWebhook(AlertFixtures.webhook("redisdown-resolved"));
    var verified = bot.outbox.await(p -> p.reply().title().startsWith("Verified"), 1, WAIT).get(0);
    Button resolve =
        verified.reply().buttons().stream()
            .filter(b -> b.label().equals("Resolve incident " + incident.id()))
            .findFirst()
            .orElseThrow();

    var commander = Actor.person("42", "carol", Set.of(Roles.COMMANDER));
    var press =
        new Request(
            resolve.action().command(),
            resolve.action().options(),
            commander,
            thread,
            Instant.now());
    var answer = bot.wiring.router().dispatch(press, Progress.NONE);

    assertThat(answer.ephemeral()).isFalse();
    assertThat(bot.wiring.incidents().find(incident.id()).orElseThrow().isOpen()).isFalse();
    assertThat(bot.wiring.audit().recent(30))
        .anySatisfy(
            e -> {
              assertThat(e.command()).isEqualTo("incident declare");
              assertThat(e.automated()).isTrue();
            });
  }

  @Test
  @DisplayName("a warning alert with only critical mapped declares nothing")
  void noDeclareForOtherSeverities() throws Exception {
    bot =
        AlertBot.start(
            redis.server().url(),
            redis.server().url(),
            "jdbc:h2:mem:incidents-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
            "  autoDeclare: {critical: P1}\n  roles: [viewer, commander]",
            Duration.ZERO);

    bot.postWebhook(AlertFixtures.webhook("memoryhigh-firing"));
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT);

    Awaitility.await("no incident declared")
        .during(Duration.ofMillis(300))
        .atMost(WAIT)
        .until(() -> bot.wiring.incidents().open().isEmpty());
  }
}
