package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeModal;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.bot.discord.fake.RenderedText;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.incident.StatusUpdateMessage;
import dev.incidentbot.incident.StatusUpdateRenderer;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.timeline.TimelineEvent;
import dev.incidentbot.timeline.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

@DisplayName(
    "Incidents in Discord end to end: real JDA, fake Discord, real redis-server, real Quartz")
class DiscordIncidentEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String REMINDER_TITLE = "Stakeholder update due for ";

  static final RedisServer redis = RedisServer.start();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  targets(
                          target(
                              "cache",
                              redis.url(),
                              "services: [Publishing, Notifications, Rate Limiting]"))
                      + "incidents:\n"
                      + "  system: SmartBeak\n"
                      + "  reminders: { P0: 3s }\n"
                      + "followUps:\n"
                      + "  afterAction: [2s]\n"
                      + DiscordIncidentEndToEndTest.discord.fake().alertSendersYaml())
          .build();

  private final FakeDiscord fake = discord.fake();

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  @DisplayName(
      "declare, an alert, a reminder's Post update (modal), a confirmed purge with its follow-up,"
          + " Snooze, a second update (modal), resolve: stakeholders hold exactly the rendered"
          + " updates, reminders stop, the timeline has every kind of event")
  void fullIncident() throws Exception {
    FakeUser carol = discord.user("carol", "Commander", "Viewer");
    FakeUser olga = discord.user("olga", "Operator");
    FakeUser oscar = discord.user("oscar", "Operator");
    FakeUser vera = discord.user("vera", "Viewer");

    // declare: the first update, field by field against the runbook's template
    FakeMessage declared =
        discord.run(
            "incident declare",
            Map.of(
                "title", "Redis out of memory on cache",
                "severity", "P0",
                "targets", "cache",
                "impact", "Posts publish late"),
            carol);
    Incident incident = discord.wiring().incidents().open().get(0);
    String id = incident.id();
    String thread = incident.thread().threadId();
    assertThat(declared.title()).isEqualTo(id + " declared");
    assertThat(declared.buttonLabels()).containsExactly("Post update");

    FakeMessage first = fake.awaitMessages("stakeholders", 1).get(0);
    String started = incident.startedAt().truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(started).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(first.title()).isEqualTo("[INCIDENT] Redis Service Disruption - SmartBeak");
    assertThat(fields(first))
        .containsExactly(
            tuple("Status", "Investigating"),
            tuple("Impact", "Posts publish late"),
            tuple("Start Time", started),
            tuple("Affected Services", "Publishing, Notifications, Rate Limiting"),
            tuple("Summary", "We are investigating: Redis out of memory on cache"),
            tuple(
                "User Impact",
                "- Publishing: affected (under 1 min so far)\n"
                    + "- Notifications: affected (under 1 min so far)\n"
                    + "- Rate Limiting: affected (under 1 min so far)"),
            tuple(
                "Next Steps",
                "1. Next update by "
                    + incident.declaredAt().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS)));
    assertThat(first.color()).isEqualTo(ReplyLayout.CRITICAL_RED);

    // an alert about the incident's target, through the alert intake
    fake.postWebhookMessage(
        "alerts", "[FIRING] RedisMemoryHigh on cache: memory at 93 % of maxmemory");
    awaitEvent(id, e -> e.kind() == Kind.ALERT);

    // the reminder pings the commander in the thread; its Post update opens the modal
    FakeMessage reminder = awaitReminders(id, thread, 1).get(0);
    assertThat(reminder.content()).isEqualTo("<@" + carol.id() + ">");
    assertThat(reminder.buttonLabels()).containsExactly("Post update", "Snooze 15 min");
    FakeModal modal = fake.awaitModal(discord.click(reminder, "Post update", carol));
    assertThat(modal.title()).isEqualTo("Update " + id + ": Redis out of memory on cache");
    assertThat(modal.labels())
        .containsExactly(
            "Status",
            "Impact",
            "Summary",
            "User impact (one per line, Service: note)",
            "Next steps (one per line)");
    assertThat(modal.fields().get("status").isSelect()).isTrue();
    assertThat(modal.fields().get("status").options())
        .containsExactly("Investigating", "Identified", "Monitoring", "Resolved");
    assertThat(modal.values())
        .containsExactly(
            Map.entry("status", "Investigating"),
            Map.entry("impact", "Posts publish late"),
            Map.entry("summary", "We are investigating: Redis out of memory on cache"),
            Map.entry("user-impact", ""),
            Map.entry("next-steps", ""));

    FakeMessage second =
        fake.awaitAnswer(
            fake.submitModal(
                modal,
                Map.of(
                    "status", "Identified",
                    "summary", "maxmemory reached; evictions off",
                    "user-impact", "Publishing: delays up to 10 min\nSearch: stale results",
                    "next-steps", "Raise maxmemory\nPurge cache:* keys"),
                carol));
    assertThat(second.title()).isEqualTo(id + ": update #2 posted to stakeholders");

    // a real recovery action, confirmed by another operator, with its follow-up check
    try (Jedis j = redis.client();
        Pipeline p = j.pipelined()) {
      for (int i = 0; i < 300; i++) {
        p.set("cache:" + i, "v");
        p.set("user:" + i, "kept");
      }
    }
    FakeMessage plan =
        fake.awaitAnswer(
            fake.slashIn(
                thread, "redis purge", Map.of("pattern", "cache:*", "target", "cache"), olga));
    assertThat(plan.title()).isEqualTo("Confirm? /redis purge pattern:cache:* on cache");
    FakeMessage refused = fake.awaitAnswer(discord.click(plan, "Confirm", vera));
    assertThat(refused.description()).startsWith("Only members with the operator role");
    FakeMessage done =
        fake.awaitAnswer(discord.click(plan, "Confirm", oscar), m -> m.title().startsWith("Done"));
    assertThat(done.title()).isEqualTo("Done: removed 300 keys from cache");
    try (Jedis j = redis.client()) {
      assertThat(j.dbSize()).isEqualTo(300);
    }
    awaitEvent(id, e -> e.kind() == Kind.FOLLOW_UP);

    // the next reminder, snoozed for 15 min
    FakeMessage again = awaitReminders(id, thread, 2).get(1);
    FakeMessage snoozed = fake.awaitAnswer(discord.click(again, "Snooze 15 min", carol));
    assertThat(snoozed.description()).startsWith(id + ": Reminder snoozed for 15 min by carol");
    assertThat(reminderJobs(id))
        .singleElement()
        .satisfies(
            j ->
                assertThat(j.nextRun())
                    .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(15))));

    // the second update through /incident update: the modal holds the last update
    FakeModal next =
        fake.awaitModal(fake.slashIn(thread, "incident update", Map.of("incident", id), carol));
    assertThat(next.values())
        .containsExactly(
            Map.entry("status", "Identified"),
            Map.entry("impact", "Posts publish late"),
            Map.entry("summary", "maxmemory reached; evictions off"),
            Map.entry("user-impact", "Publishing: delays up to 10 min\nSearch: stale results"),
            Map.entry("next-steps", "Raise maxmemory\nPurge cache:* keys"));
    FakeMessage third =
        fake.awaitAnswer(
            fake.submitModal(
                next,
                Map.of(
                    "status", "Monitoring",
                    "impact", "Publishing catching up",
                    "next-steps", "Watch memory for 30 min"),
                carol));
    assertThat(third.title()).isEqualTo(id + ": update #3 posted to stakeholders");

    // resolve: the Resolved update; nothing is scheduled for the incident any more
    FakeMessage resolved =
        discord.run(
            "incident resolve",
            Map.of("incident", id, "summary", "Purged cache:* keys; memory back to 40 %"),
            carol);
    assertThat(resolved.title()).isEqualTo(id + ": update #4 posted to stakeholders");
    assertThat(discord.wiring().scheduler().pending("incident:" + id)).isEmpty();
    int reminders = reminders(thread).size();
    Thread.sleep(4_500); // longer than the reminder interval: a live reminder would have fired
    assertThat(reminders(thread)).hasSize(reminders);

    // stakeholders hold exactly the rendered updates, in order: the text stored (and sent to
    // webhooks) is the plain text of the very message Discord got, which the adapter laid out
    Incident closed = discord.wiring().incidents().find(id).orElseThrow();
    assertThat(closed.updates())
        .extracting(u -> u.status().label())
        .containsExactly("Investigating", "Identified", "Monitoring", "Resolved");
    List<FakeMessage> stakeholders = fake.messages("stakeholders");
    assertThat(stakeholders).hasSize(closed.updates().size());
    for (int i = 0; i < stakeholders.size(); i++) {
      assertSameUpdate(stakeholders.get(i), closed, closed.updates().get(i), i + 1);
    }
    assertThat(fields(stakeholders.get(1)))
        .contains(
            tuple(
                "User Impact",
                "- Publishing: delays up to 10 min (under 1 min so far)\n"
                    + "- Notifications: affected (under 1 min so far)\n"
                    + "- Rate Limiting: affected (under 1 min so far)\n"
                    + "- Search: stale results"),
            tuple("Next Steps", "1. Raise maxmemory\n2. Purge cache:* keys"));
    assertThat(fields(stakeholders.get(3)))
        .contains(
            tuple("Status", "Resolved"),
            tuple("Summary", "Purged cache:* keys; memory back to 40 %"));
    assertThat(stakeholders.get(3).color()).isEqualTo(ReplyLayout.OK_GREEN);
    assertThat(fake.messages(thread))
        .extracting(FakeMessage::title)
        .containsSubsequence(stakeholders.stream().map(FakeMessage::title).toList());

    // the timeline, as a Markdown attachment, has every kind of event with who and when
    FakeMessage timeline = discord.run("incident timeline", Map.of("incident", id), vera);
    String md = timeline.fileText(id + "-timeline.md").orElseThrow();
    assertThat(md)
        .contains("# " + id + ": Redis out of memory on cache")
        .contains("- **Status:** Resolved")
        .containsPattern("\\| Command \\| carol \\|  \\| Declared P0 \"Redis out of memory")
        .containsPattern("\\| Alert \\| [^|]+ \\| cache \\| Alert .*RedisMemoryHigh")
        .containsPattern("\\| Note \\| reminder \\|  \\| Commander carol reminded")
        .containsPattern("\\| Command \\| olga \\| cache \\| /redis purge")
        .containsPattern("\\| Confirmation \\| oscar \\| cache \\| confirmed ")
        .containsPattern("\\| Action \\| oscar \\| cache \\| .*300 keys")
        .containsPattern(
            "\\| Follow-up \\((held|held with warnings|not fixed|regressed)\\) \\|"
                + " follow-up \\| cache \\| ")
        .containsPattern("\\| Note \\| carol \\|  \\| Reminder snoozed for 15 min")
        .containsPattern("\\| Status update \\| carol \\|  \\| Stakeholder update #4: Resolved")
        .contains("### #3 · Monitoring");
    assertThat(discord.wiring().incidents().events(id))
        .extracting(TimelineEvent::kind)
        .containsAll(List.of(Kind.values()));

    // the chart as a PNG file within Discord's limits, and the review draft from the resolve's
    // button, posted in the incident's thread with the chart beside it
    FakeMessage chart = discord.run("incident chart", Map.of("incident", id), vera);
    byte[] png = chart.files().get(id + "-chart.png");
    assertThat(png).as("the chart in %s", chart.files().keySet()).isNotNull();
    var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(dev.incidentbot.chart.IncidentChart.WIDTH);
    assertThat(resolved.buttonLabels()).contains("Draft the review");
    discord.click(resolved, "Draft the review", vera);
    long deadline = System.nanoTime() + WAIT.toNanos();
    FakeMessage review = null;
    while (review == null && System.nanoTime() < deadline) {
      review =
          fake.messages(thread).stream()
              .filter(m -> m.files().containsKey(id + "-review.md"))
              .findFirst()
              .orElse(null);
      Thread.sleep(50);
    }
    assertThat(review).as("the review draft in the incident's thread").isNotNull();
    assertThat(review.files()).containsKey(id + "-chart.png");
    assertThat(review.fileText(id + "-review.md").orElseThrow())
        .contains("# Post-incident review: " + id + " · Redis out of memory on cache")
        .contains("| Commander | carol |")
        .contains("confirmed by oscar")
        .contains("](" + id + "-chart.png)");
  }

  /**
   * {@code message} (one embed) read back as a reply, as a Discord user reads it: its plain text is
   * what was stored as sent, and the adapter lays that reply out exactly as sent.
   */
  private static void assertSameUpdate(
      FakeMessage message, Incident incident, StatusUpdate update, int number) {
    assertThat(message.embeds()).as("stakeholder message #%d", number).hasSize(1);
    var read =
        Reply.builder(message.title())
            .text(message.description())
            .severity(StatusUpdateRenderer.colour(incident.severity(), update.status()));
    message
        .embeds()
        .get(0)
        .path("fields")
        .forEach(
            f -> {
              String name = RenderedText.of(f.path("name").asText());
              String value = RenderedText.of(f.path("value").asText());
              if (f.path("inline").asBoolean()) {
                read.inlineField(name, value);
              } else {
                read.field(name, value);
              }
            });
    Reply reply = read.build();
    assertThat(new StatusUpdateMessage(reply).text())
        .as("stakeholder message #%d as plain text", number)
        .isEqualTo(update.rendered());
    List<MessagePart> parts = new ReplyLayout(null).layout(reply);
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).embeds()).hasSize(1);
    EmbedPart e = parts.get(0).embeds().get(0);
    var fields = new ArrayList<Tuple>();
    for (Field f : e.fields()) {
      fields.add(tuple(f.name(), f.value()));
    }
    assertThat(embed(message))
        .as("stakeholder message #%d as laid out", number)
        .isEqualTo(List.of(e.title(), e.description(), e.color(), fields));
  }

  /** The first embed as sent, to compare with the layout. */
  private static List<Object> embed(FakeMessage message) {
    assertThat(message.embeds()).hasSize(1);
    return List.of(
        message.rawTitle(), message.rawDescription(), message.color(), fields(message, s -> s));
  }

  /** The message's fields as a user reads them, name and value, in order (repeats kept). */
  private static List<Tuple> fields(FakeMessage message) {
    return fields(message, RenderedText::of);
  }

  private static List<Tuple> fields(FakeMessage message, UnaryOperator<String> read) {
    var fields = new ArrayList<Tuple>();
    for (JsonNode embed : message.embeds()) {
      embed
          .path("fields")
          .forEach(
              f ->
                  fields.add(
                      tuple(
                          read.apply(f.path("name").asText()),
                          read.apply(f.path("value").asText()))));
    }
    return fields;
  }

  private List<FakeMessage> reminders(String thread) {
    return fake.messages(thread).stream()
        .filter(m -> m.title().startsWith(REMINDER_TITLE))
        .toList();
  }

  private List<FakeMessage> awaitReminders(String id, String thread, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<FakeMessage> found = reminders(thread);
      if (found.size() >= count) {
        assertThat(found).allSatisfy(m -> assertThat(m.title()).isEqualTo(REMINDER_TITLE + id));
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + count + " reminders in the thread of " + id);
      }
      Thread.sleep(50);
    }
  }

  private static void awaitEvent(String id, Predicate<TimelineEvent> test)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (discord.wiring().incidents().events(id).stream().noneMatch(test)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the timeline of "
                + id
                + " has no such event: "
                + discord.wiring().incidents().events(id));
      }
      Thread.sleep(50);
    }
  }

  private static List<ScheduledJob> reminderJobs(String id) {
    return discord.wiring().scheduler().pending("incident:" + id).stream()
        .filter(j -> j.job().type().equals("incident-reminder"))
        .toList();
  }
}
