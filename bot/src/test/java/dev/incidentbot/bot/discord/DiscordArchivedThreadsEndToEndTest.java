package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Posts meant for threads JDA does not hold: Discord archives a thread after its {@code
 * auto_archive_duration} of inactivity and tells the bot with THREAD_UPDATE, upon which JDA drops
 * it from its cache (as a restarted bot never had it: GUILD_CREATE lists active threads only). The
 * bot fetches the thread (Get Channel) and posts in it, which unarchives it; a locked thread's post
 * goes to its parent channel, and a deleted thread's too, each with a line saying why. The restart
 * itself is {@code fault.ArchivedThreadRestartTest}.
 */
@DisplayName("Archived, locked and deleted threads in Discord: real JDA, fake Discord")
class DiscordArchivedThreadsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final String REMINDER_TITLE = "Stakeholder update due for ";

  static final RedisServer redis = RedisServer.start();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  targets(target("cache-a", redis.url(), "timeout: 500ms"))
                      + "incidents:\n"
                      + "  reminders: { P0: 3s }\n"
                      + DiscordArchivedThreadsEndToEndTest.discord.fake().alertSendersYaml())
          .build();

  private final FakeDiscord fake = discord.fake();

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  @DisplayName(
      "an incident thread archived (JDA drops it from its cache): the reminder is posted in it"
          + " and the thread is active again")
  void archivedIncidentThreadGetsTheReminder() throws Exception {
    FakeUser carol = discord.user("carol", "Commander", "Viewer");
    Incident incident = declare(carol, "Archived thread");
    String thread = incident.thread().threadId();

    archive(thread);
    int before = reminders(thread, incident.id()).size();

    until(
        () -> reminders(thread, incident.id()).size() > before,
        "a reminder in the archived thread");
    assertThat(fake.thread(thread).at("/thread_metadata/archived").asBoolean())
        .as("a message unarchives the thread")
        .isFalse();
    assertThat(fake.messages("ops")).noneMatch(m -> m.title().startsWith(REMINDER_TITLE));
    resolve(incident, carol);
  }

  @Test
  @DisplayName(
      "an incident thread locked (and archived): the reminder goes to #ops with a line that links"
          + " the thread and says it is locked; the thread stays locked")
  void lockedThreadsPostGoesToTheParent() throws Exception {
    FakeUser carol = discord.user("carol", "Commander", "Viewer");
    Incident incident = declare(carol, "Locked thread");
    String thread = incident.thread().threadId();
    fake.archiveThread(thread, true);

    FakeMessage reminder =
        await(() -> first(fake.messages("ops"), reminderOf(incident.id())), "a reminder in #ops");
    assertThat(reminder.content())
        .startsWith("⚠️ Posted here because the thread <#" + thread + "> is locked");
    assertThat(reminders(thread, incident.id())).isEmpty();
    assertThat(fake.thread(thread).at("/thread_metadata/locked").asBoolean()).isTrue();
    assertThat(fake.thread(thread).at("/thread_metadata/archived").asBoolean()).isTrue();
    resolve(incident, carol);
  }

  @Test
  @DisplayName(
      "an incident thread deleted: the reminder goes to #ops, saying the thread was deleted")
  void deletedThreadsPostGoesToOps() throws Exception {
    FakeUser carol = discord.user("carol", "Commander", "Viewer");
    Incident incident = declare(carol, "Deleted thread");
    String thread = incident.thread().threadId();
    fake.deleteThread(thread);

    FakeMessage reminder =
        await(() -> first(fake.messages("ops"), reminderOf(incident.id())), "a reminder in #ops");
    assertThat(reminder.content())
        .startsWith(
            "⚠️ Posted here because the thread this belongs in (" + thread + ") was deleted.");
    resolve(incident, carol);
    // Get Channel answered 10003 Unknown Channel, as Discord does for a deleted thread
    assertThat(fake.takeRejections())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.method() + " " + r.path()).endsWith("channels/" + thread);
              assertThat(r.body().path("code").asInt()).isEqualTo(10003);
            });
  }

  @Test
  @DisplayName(
      "an alert thread archived: its update is not edited in place (Discord refuses edits in"
          + " archived threads) and the resolved notice lands in the thread, unarchiving it")
  void archivedAlertThreadGetsTheResolvedNotice() throws Exception {
    FakeMessage alert = post("alertmanager/discord/redisdown-firing-1.json");
    String thread = alert.id();
    FakeMessage triage = await(() -> first(inThread(thread), m -> true), "the triage");
    archive(thread);

    Outbox outbox = discord.bot().outbox();
    Place place = Place.channel(fake.channelId("alerts")).inThread(thread);
    assertThat(outbox.edit(new Outbox.Posted(place, triage.id()), Reply.text("edited")))
        .as("no edit in an archived thread")
        .isFalse();
    assertThat(fake.thread(thread).at("/thread_metadata/archived").asBoolean()).isTrue();

    post("alertmanager/discord/redisdown-resolved.json");
    await(
        () -> first(inThread(thread), m -> m.title().startsWith("[RESOLVED]")),
        "the resolved notice in the thread");
    assertThat(fake.thread(thread).at("/thread_metadata/archived").asBoolean()).isFalse();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Incident declare(FakeUser commander, String title) {
    FakeMessage declared =
        discord.run(
            "incident declare",
            Map.of(
                "title", title, "severity", "P0", "targets", "cache-a", "impact", "Posts are late"),
            commander);
    Incident incident =
        discord.wiring().incidents().open().stream()
            .filter(i -> i.title().equals(title))
            .findFirst()
            .orElseThrow();
    assertThat(declared.title()).isEqualTo(incident.id() + " declared");
    assertThat(incident.thread()).isNotNull();
    return incident;
  }

  /** Archives {@code thread} and waits until JDA has dropped it from its cache. */
  private void archive(String thread) throws Exception {
    fake.archiveThread(thread, false);
    until(
        () -> discord.bot().jda().getThreadChannelById(thread) == null,
        "JDA to drop the archived thread from its cache");
  }

  private void resolve(Incident incident, FakeUser commander) {
    discord.run(
        "incident resolve", Map.of("incident", incident.id(), "summary", "Done"), commander);
  }

  private List<FakeMessage> reminders(String thread, String incidentId) {
    return fake.messages(thread).stream().filter(reminderOf(incidentId)).toList();
  }

  private static Predicate<FakeMessage> reminderOf(String incidentId) {
    return m -> m.title().equals(REMINDER_TITLE + incidentId);
  }

  private List<FakeMessage> inThread(String thread) {
    try {
      return fake.messages(thread);
    } catch (IllegalArgumentException noThreadYet) {
      return List.of();
    }
  }

  private static FakeMessage first(List<FakeMessage> messages, Predicate<FakeMessage> test) {
    return messages.stream().filter(test).findFirst().orElse(null);
  }

  private FakeMessage post(String path) throws IOException {
    return AlertFixturePosts.post(fake, path);
  }

  /** Waits up to {@link #WAIT} until {@code done}. */
  private static void until(Callable<Boolean> done, String what) {
    Awaitility.await(what).atMost(WAIT).pollInterval(POLL).until(done);
  }

  /** Waits up to {@link #WAIT} until {@code found} answers something, and answers that. */
  private static <T> T await(Callable<T> found, String what) {
    return Awaitility.await(what).atMost(WAIT).pollInterval(POLL).until(found, Objects::nonNull);
  }
}
