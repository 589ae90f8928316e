package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot process killed while an incident is open, the incident thread archived meanwhile (as
 * Discord's inactivity timer does), the bot started again: its GUILD_CREATE lists active threads
 * only (developers/events/gateway-events.mdx, "Guild Create"), so the thread is not in JDA's cache,
 * and the reminder that comes due must still land in it, unarchiving it; a locked thread's reminder
 * lands in #ops with a line saying so.
 */
@DisplayName("Fault: the incident thread archived while the bot was down")
class ArchivedThreadRestartTest {
  private static final Duration SLOW = Duration.ofSeconds(60);
  private static final String REMINDER_TITLE = "Stakeholder update due for ";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final RedisAndDiscord bed = new RedisAndDiscord();

  @Test
  @DisplayName(
      "archived while down: after the restart the reminder is posted in the thread, which is"
          + " active again; then locked: the next reminder goes to #ops, saying so")
  void reminderAfterRestartReachesTheArchivedThread() throws Exception {
    var builder =
        BotProcess.in(dir)
            .target("main", bed.redis().url())
            .yaml("incidents:\n  reminders: { P0: 4s }\n")
            .discord(bed.fake());
    try (BotProcess bot = builder.start()) {
      bed.fake().awaitGatewayReady();
      FakeUser carol = bed.fake().user("carol", "Commander", "Viewer");
      FakeMessage declared =
          bed.fake()
              .awaitAnswer(
                  bed.fake()
                      .slash(
                          "incident declare",
                          Map.of("title", "Checkout is down", "severity", "P0", "targets", "main"),
                          carol));
      assertThat(declared.title()).isEqualTo("INC-1 declared");
      String thread =
          await(
              () ->
                  bed.fake().messages("ops").stream()
                      .map(FakeMessage::id)
                      .filter(bed.fake()::isThread)
                      .findFirst()
                      .orElse(null),
              "the incident thread");
      await(() -> reminders(thread) >= 1 ? true : null, "a first reminder in the thread");

      bot.kill9();
      await(
          () -> bed.fake().gatewaySessions() == 0 ? true : null, "the dead bot's session to close");
      bed.fake().archiveThread(thread, false);
      int before = reminders(thread);
      bot.restart();
      bed.fake().awaitGatewayReady();

      await(() -> reminders(thread) > before ? true : null, "a reminder in the archived thread");
      assertThat(bed.fake().thread(thread).at("/thread_metadata/archived").asBoolean())
          .as("the reminder unarchived the thread")
          .isFalse();
      assertThat(opsReminders()).isEmpty();

      bed.fake().archiveThread(thread, true);
      FakeMessage inOps =
          await(() -> opsReminders().stream().findFirst().orElse(null), "a reminder in #ops");
      assertThat(inOps.content())
          .startsWith("⚠️ Posted here because the thread <#" + thread + "> is locked");
      assertThat(bed.fake().rejections()).isEmpty();
      assertThat(bed.fake().violations()).isEmpty();
    }
  }

  private int reminders(String thread) {
    return (int)
        bed.fake().messages(thread).stream()
            .filter(m -> m.title().startsWith(REMINDER_TITLE))
            .count();
  }

  private List<FakeMessage> opsReminders() {
    return bed.fake().messages("ops").stream()
        .filter(m -> m.title().startsWith(REMINDER_TITLE))
        .toList();
  }

  private static <T> T await(Supplier<T> found, String what) throws InterruptedException {
    long deadline = System.nanoTime() + SLOW.toNanos();
    while (true) {
      T value = found.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + SLOW + " for " + what);
      }
      Thread.sleep(100);
    }
  }
}
