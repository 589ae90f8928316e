package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, defects 3 and 8: PostgreSQL stopped under a running bot and started again. Writes fail
 * within the pool's connection timeout with a sentence in chat, /healthz says 503 with the cause,
 * and once the server is back the pool replaces its broken connections (within its retry back-off,
 * at most 5 s): /healthz is 200 again and writes work without restarting the bot.
 */
@DisplayName("PostgreSQL down and up under a running bot: loud failures, pool recovers")
class PostgresOutageTest {
  private static final Pattern DECLARED = Pattern.compile("(INC-\\d+) declared");

  @TempDir Path tmp;
  private PostgresServer pg;

  @BeforeEach
  void start() {
    pg = PostgresServer.start();
  }

  @AfterEach
  void stop() {
    pg.close();
  }

  @Test
  @DisplayName(
      "stopped: declare says it could not be recorded, /healthz 503 naming the cause; started"
          + " again: declare and /healthz work without a restart")
  void downAndUp() throws Exception {
    String url = pg.createDatabase("outage");
    try (var bot = new StoreFaultBot(url, PostgresServer.USER, tmp.resolve("files"))) {
      String before = declared(bot.type("/incident declare title:Before the outage severity:P2"));
      assertThat(bot.healthz().statusCode()).isEqualTo(200);

      pg.stop();

      long started = System.nanoTime();
      String down = bot.type("/incident declare title:During the outage severity:P2");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(down)
          .doesNotContain("declared")
          .contains("the bot's database failed")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      assertThat(took)
          .as("a write fails fast while the database is down")
          .isLessThan(Duration.ofSeconds(20));
      HttpResponse<String> health = bot.healthz();
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body())
          .contains("\"database\":\"down\"")
          .contains("127.0.0.1:" + pg.port());
      assertThat(bot.postAlert().statusCode()).isEqualTo(503);

      pg.startAgain();
      long back = System.nanoTime();
      while (bot.healthz().statusCode() != 200) {
        assertThat(Duration.ofNanos(System.nanoTime() - back))
            .as("the pool reconnects within its 5 s back-off")
            .isLessThan(Duration.ofSeconds(15));
        Thread.sleep(200);
      }

      String after = declared(bot.type("/incident declare title:After the outage severity:P2"));
      assertThat(bot.healthz().statusCode()).isEqualTo(200);
      assertThat(bot.postAlert().statusCode()).isEqualTo(202);
      assertThat(bot.type("/incident list"))
          .contains(before)
          .contains(after)
          .contains("After the outage")
          .doesNotContain("During the outage");
    }
  }

  private static String declared(String printed) {
    Matcher m = DECLARED.matcher(printed);
    assertThat(m.find()).as(printed).isTrue();
    return m.group(1);
  }
}
