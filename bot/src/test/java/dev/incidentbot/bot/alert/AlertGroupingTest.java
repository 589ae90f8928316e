package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.alert.AlertIntake.Submission;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Place;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("engines")
@DisplayName("Alert groups: one thread per group, triage, repeats, partial and full resolution")
class AlertGroupingTest {
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
  @DisplayName("webhook: firing → two firing → partially resolved → resolved, all in one thread")
  void webhookLifecycle() throws Exception {
    RedisServer a = redis.extra();
    RedisServer b = redis.extra();
    bot = AlertBot.start(a.url(), b.url());
    RecordingOutbox chat = bot.outbox;

    a.kill();
    long sent = System.nanoTime();
    assertThat(bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1")).statusCode())
        .isEqualTo(202);
    var triage = chat.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT).get(0);
    Duration latency = Duration.ofNanos(triage.atNanos() - sent);

    assertThat(chat.inChannel(RecordingOutbox.ALERTS))
        .singleElement()
        .satisfies(p -> assertThat(p.reply().title()).isEqualTo("[FIRING:1] RedisDown orders"));
    var thread = chat.threads().get(0);
    assertThat(chat.threads()).hasSize(1);
    assertThat(thread.name()).isEqualTo("RedisDown orders");
    assertThat(thread.on().messageId())
        .isEqualTo(chat.inChannel(RecordingOutbox.ALERTS).get(0).messageId());
    assertThat(triage.place()).isEqualTo(thread.thread());
    assertThat(triage.reply().title()).isEqualTo("Triage: cache-a — A: Redis unreachable");
    assertThat(triage.reply().fields())
        .extracting(f -> f.name())
        .contains("Health", "Next steps (A: Redis unreachable)");
    assertThat(triage.reply().buttons())
        .extracting(Button::action)
        .contains(Action.of("redis health", "target", "cache-a"));
    assertThat(latency).isLessThan(Duration.ofSeconds(2));

    b.kill();
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-2"));
    chat.await(p -> p.reply().title().equals("Triage: cache-b — A: Redis unreachable"), 1, WAIT);
    assertThat(chat.in(thread.thread()))
        .extracting(p -> p.reply().title())
        .containsExactly(
            "Triage: cache-a — A: Redis unreachable",
            "[FIRING:2] RedisDown orders",
            "Triage: cache-b — A: Redis unreachable");

    a.restart();
    bot.postWebhook(AlertFixtures.webhook("redisdown-partially-resolved"));
    chat.await(p -> p.reply().title().equals("[FIRING:1, RESOLVED:1] RedisDown orders"), 1, WAIT);

    b.restart();
    bot.postWebhook(AlertFixtures.webhook("redisdown-resolved"));
    var verified = chat.await(p -> p.reply().title().startsWith("Verified"), 1, WAIT).get(0);

    assertThat(verified.reply().title()).isEqualTo("Verified: cache-a, cache-b healthy again");
    assertThat(chat.in(thread.thread()))
        .extracting(p -> p.reply().title())
        .containsExactly(
            "Triage: cache-a — A: Redis unreachable",
            "[FIRING:2] RedisDown orders",
            "Triage: cache-b — A: Redis unreachable",
            "[FIRING:1, RESOLVED:1] RedisDown orders",
            "[RESOLVED] RedisDown orders",
            "Verified: cache-a, cache-b healthy again");
    assertThat(chat.threads()).hasSize(1);
    assertThat(chat.inChannel(RecordingOutbox.ALERTS)).hasSize(1);
    assertThat(bot.wiring.audit().recent(20))
        .filteredOn(e -> e.command().equals("alert triage"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.automated()).isTrue())
        .allSatisfy(e -> assertThat(e.actorId()).isEqualTo("automation:alertmanager"));
  }

  @Test
  @DisplayName("Discord messages: thread on the alert message itself; an unchanged repeat is quiet")
  void discordMessages() throws Exception {
    bot = AlertBot.start(redis.server().url(), redis.server().url());
    RecordingOutbox chat = bot.outbox;
    var intake = bot.wiring.alertIntake();

    assertThat(
            intake.submitMessage(
                AlertFixtures.message("alertmanager/discord/redisdown-firing-1.json", "m1")))
        .isEqualTo(Submission.ACCEPTED);
    var triage = chat.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT).get(0);
    assertThat(chat.threads())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.on().messageId()).isEqualTo("m1");
              assertThat(t.on().place()).isEqualTo(Place.channel(RecordingOutbox.ALERTS));
            });
    assertThat(triage.reply().title()).isEqualTo("Triage: cache-a — healthy");
    assertThat(chat.inChannel(RecordingOutbox.ALERTS)).isEmpty();

    intake.submitMessage(
        AlertFixtures.message("alertmanager/discord/redisdown-firing-1.json", "m2"));
    intake.submitMessage(
        AlertFixtures.message("alertmanager/discord/redisdown-firing-1.json", "m2"));
    bot.awaitIdle(WAIT);
    assertThat(chat.posts()).hasSize(1);

    intake.submitMessage(
        AlertFixtures.message("alertmanager/discord/redisdown-firing-2.json", "m3"));
    intake.submitMessage(
        AlertFixtures.message("alertmanager/discord/redisdown-partially-resolved.json", "m4"));
    intake.submitMessage(
        AlertFixtures.message("alertmanager/discord/redisdown-resolved.json", "m5"));
    chat.await(p -> p.reply().title().startsWith("Verified"), 1, WAIT);
    bot.awaitIdle(WAIT);

    Place thread = chat.threads().get(0).thread();
    assertThat(chat.in(thread))
        .extracting(p -> p.reply().title())
        .containsExactly(
            "Triage: cache-a — healthy",
            "[FIRING:2] RedisDown orders",
            "Triage: cache-b — healthy",
            "[FIRING:1, RESOLVED:1] RedisDown orders",
            "[RESOLVED] RedisDown orders",
            "Verified: cache-a, cache-b healthy again");
    assertThat(chat.in(thread).get(4).reply().text())
        .contains("Notification #5 for this alert group.");
    assertThat(chat.threads()).hasSize(1);
  }

  @Test
  @DisplayName("only configured senders count, and messages that are not alerts are ignored")
  void senders() throws Exception {
    bot = AlertBot.start(redis.server().url(), redis.server().url());
    var intake = bot.wiring.alertIntake();

    assertThat(
            intake.submitMessage(
                AlertFixtures.message(
                    "alertmanager/discord/redisdown-firing-1.json", "m1", "1190000000000000009")))
        .isEqualTo(Submission.IGNORED);
    assertThat(intake.submitMessage(AlertFixtures.message("other/chatter.json", "m2")))
        .isEqualTo(Submission.IGNORED);
    bot.awaitIdle(WAIT);
    assertThat(bot.outbox.posts()).isEmpty();
    assertThat(bot.outbox.threads()).isEmpty();
  }

  @Test
  @DisplayName("Grafana and generic messages open their own triaged threads")
  void grafanaAndGeneric() throws Exception {
    bot = AlertBot.start(redis.server().url(), redis.server().url());
    var intake = bot.wiring.alertIntake();

    intake.submitMessage(AlertFixtures.message("grafana/firing.json", "g1"));
    intake.submitMessage(AlertFixtures.message("other/generic-firing.json", "x1"));
    var triages = bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 2, WAIT);

    assertThat(bot.outbox.threads())
        .extracting(RecordingOutbox.StartedThread::name)
        .containsExactlyInAnyOrder("RedisDown Redis", "RedisMemoryHigh on cache-a");
    assertThat(triages)
        .extracting(p -> p.reply().title())
        .containsOnly("Triage: cache-a — healthy");
    assertThat(bot.outbox.posts().stream().map(p -> p.reply().text()).toList())
        .noneMatch(text -> text.contains("@everyone"));
  }

  @Test
  @DisplayName("after the triage window a repeat is triaged again; within it, never")
  void triageWindow() throws Exception {
    bot =
        AlertBot.start(
            redis.server().url(),
            redis.server().url(),
            "jdbc:h2:mem:window-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
            "  triageWindow: 1s",
            Duration.ZERO);
    var intake = bot.wiring.alertIntake();
    String path = "alertmanager/discord/memoryhigh-firing.json";

    intake.submitMessage(AlertFixtures.message(path, "r1"));
    intake.submitMessage(AlertFixtures.message(path, "r2"));
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT);
    bot.awaitIdle(WAIT);
    assertThat(bot.outbox.posts()).hasSize(1);

    Thread.sleep(1100); // past the 1 s triage window
    intake.submitMessage(AlertFixtures.message(path, "r3"));
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 2, WAIT);
    assertThat(bot.outbox.posts())
        .extracting(p -> p.reply().title())
        .containsExactly(
            "Triage: cache-a — healthy",
            "Still firing: RedisMemoryHigh orders",
            "Triage: cache-a — healthy");
  }

  @Test
  @DisplayName("a restart keeps the group's thread: the next notification goes to the same one")
  void restartKeepsThread(@TempDir Path dir) throws Exception {
    String store = "jdbc:h2:file:" + dir.resolve("bot");
    Place thread;
    try (var first =
        AlertBot.start(redis.server().url(), redis.server().url(), store, "", Duration.ZERO)) {
      first.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
      first.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT);
      thread = first.outbox.threads().get(0).thread();
    }
    bot = AlertBot.start(redis.server().url(), redis.server().url(), store, "", Duration.ZERO);
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1")); // a retry across the restart
    bot.postWebhook(AlertFixtures.webhook("redisdown-resolved"));
    bot.outbox.await(p -> p.reply().title().startsWith("Verified"), 1, WAIT);

    assertThat(bot.outbox.threads()).isEmpty();
    assertThat(bot.outbox.posts()).extracting(RecordingOutbox.Post::place).containsOnly(thread);
    assertThat(bot.outbox.posts())
        .extracting(p -> p.reply().title())
        .containsExactly("[RESOLVED] RedisDown orders", "Verified: cache-a, cache-b healthy again");
  }

  @Test
  @DisplayName("a thread that could not be opened is opened by a later notification")
  void failedOpenIsRetried() throws Exception {
    var clock = new MutableClock(Instant.now());
    bot =
        AlertBot.start(
            redis.server().url(),
            redis.server().url(),
            "jdbc:h2:mem:reopen-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
            "",
            Duration.ZERO,
            clock);
    bot.outbox.failThreads(1);
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
    bot.awaitIdle(WAIT);
    assertThat(bot.outbox.threads()).isEmpty();
    assertThat(
            PrometheusText.parse(bot.wiring.metrics().render())
                .value("bot_errors_total", "where", "alert"))
        .isEqualTo(1);

    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-2")); // too soon: maybe still opening
    bot.awaitIdle(WAIT);
    assertThat(bot.outbox.threads()).isEmpty();

    clock.advance(Duration.ofSeconds(31));
    bot.postWebhook(AlertFixtures.webhook("redisdown-partially-resolved"));
    var triage = bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT).get(0);

    assertThat(bot.outbox.threads()).hasSize(1);
    assertThat(triage.place()).isEqualTo(bot.outbox.threads().get(0).thread());
    assertThat(triage.reply().title()).isEqualTo("Triage: cache-a, cache-b — healthy");
  }
}
