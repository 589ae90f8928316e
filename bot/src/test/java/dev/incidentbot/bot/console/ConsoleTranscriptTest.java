package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.Printed;
import dev.incidentbot.testing.RedisExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A whole incident in the console as a new on-call engineer would run it, the bot started as its
 * own process with its input piped: health, a purge confirmed by a second operator, a follow-up
 * check, then an incident declared, updated and resolved. Its standard output is the transcript
 * people read: every command echoed before its answer, sentences only — no log line, no stack
 * trace, no logger fragment. (Logs go to standard error in piped mode.)
 */
@DisplayName("Console transcript: a whole incident through piped input reads cleanly")
class ConsoleTranscriptTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Process bot;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();

  @AfterEach
  void stop() throws InterruptedException {
    if (bot != null) {
      bot.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName(
      "health → purge → follow-up → incident declare/update/resolve: each command echoed before"
          + " its answer, no log line or stack trace")
  void wholeIncident() throws Exception {
    try (Jedis j = servers.server().client()) {
      j.flushAll();
      for (int i = 0; i < 30; i++) {
        j.set("cache:" + i, "v");
      }
      for (int i = 0; i < 100; i++) {
        j.set("user:" + i, "kept");
      }
    }
    start();
    OutputStream in = bot.getOutputStream();
    var sent = new ArrayList<String>();

    send(in, sent, "/redis health target:cache");
    await("cache: healthy");
    send(in, sent, "/redis purge pattern:cache:* target:cache");
    await("Confirm? /redis purge pattern:cache:* on cache");
    Matcher confirm = Pattern.compile("\\[(\\d+)] Confirm").matcher(out);
    assertThat(confirm.find()).as("a Confirm button in:%n%s", out).isTrue();
    send(in, sent, "@bob press " + confirm.group(1));
    await("Done: removed 30 keys from cache");
    send(in, sent, "/followup schedule target:cache in:1s");
    await("Follow-up +1 s of cache");
    send(
        in,
        sent,
        "/incident declare title:Cache full severity:P2 targets:cache impact:Pages load slowly");
    await("INC-1 declared");
    send(in, sent, "/incident update status:Monitoring summary:Purged 30 cache keys");
    await("Monitoring");
    send(in, sent, "/incident resolve summary:Cache purged; memory back to normal");
    await("Resolved");
    in.close();
    assertThat(bot.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("exits at end of input")
        .isTrue();
    String transcript = out.toString();

    assertThat(bot.exitValue()).as(transcript + "\nstderr:\n" + err).isZero();
    // each command echoed, in order, and its answer after its echo and before the next one
    int at = -1;
    String[] answers = {
      "cache: healthy",
      "Confirm? /redis purge",
      "Done: removed 30 keys from cache",
      "Check of cache scheduled",
      "INC-1 declared",
      "Monitoring",
      "Resolved"
    };
    for (int i = 0; i < sent.size(); i++) {
      int echo = transcript.indexOf("> " + sent.get(i) + "\n", at + 1);
      assertThat(echo).as("'%s' echoed after what came before, in:%n%s", sent.get(i), transcript);
      assertThat(echo)
          .as("'%s' echoed in order in:%n%s", sent.get(i), transcript)
          .isGreaterThan(at);
      int answer = transcript.indexOf(answers[i], echo);
      assertThat(answer).as("the answer to '%s' after its echo", sent.get(i)).isPositive();
      if (i + 1 < sent.size()) {
        int next = transcript.indexOf("> " + sent.get(i + 1) + "\n", echo);
        assertThat(answer)
            .as("the answer to '%s' before the next command", sent.get(i))
            .isLessThan(next);
      }
      at = echo;
    }
    // sentences only: nothing a logger or the JVM prints
    assertThat(transcript.lines().toList())
        .as(transcript)
        .noneMatch(l -> l.matches(".*\\[[\\w .-]+] (TRACE|DEBUG|INFO|WARN|ERROR) .*"))
        .noneMatch(l -> l.matches("^\\s*(TRACE|DEBUG|INFO|WARN|WARNING|ERROR)\\b.*"))
        .noneMatch(l -> l.matches("^\\s+at [\\w.$]+\\(.*\\)$"))
        .noneMatch(l -> l.contains("Exception") || l.contains("Caused by:"))
        .noneMatch(l -> l.contains("SLF4J") || l.contains("dev.incidentbot."))
        .noneMatch(l -> l.contains("\u001b"));
  }

  private void start() throws IOException {
    Path config = dir.resolve("bot.yml");
    Files.writeString(
        config,
        """
        targets:
          - name: cache
            url: %s
            services: [Publishing]
        console:
          users:
            - name: alice
              roles: [viewer, operator, commander]
            - name: bob
              roles: [viewer, operator]
        followUps:
          minInterval: 1s
        store:
          url: jdbc:h2:file:%s
        """
            .formatted(servers.server().url(), dir.resolve("db/bot")));
    bot =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.incidentbot.bot.launch.Main",
                "--config",
                config.toString())
            .directory(dir.toFile())
            .start();
    drain(bot.getInputStream(), out);
    drain(bot.getErrorStream(), err);
  }

  private static void drain(InputStream stream, StringBuffer into) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                var bytes = new java.io.ByteArrayOutputStream();
                int n;
                while ((n = stream.read(buf)) > 0) {
                  bytes.write(buf, 0, n);
                  // whole characters only: append what decodes, keep a split tail
                  String text = bytes.toString(StandardCharsets.UTF_8);
                  if (!text.endsWith("\uFFFD")) {
                    into.append(text);
                    bytes.reset();
                  }
                }
              } catch (IOException ended) {
                // the process ended
              }
            },
            "transcript-reader");
    t.setDaemon(true);
    t.start();
  }

  private static void send(OutputStream in, List<String> sent, String line) throws IOException {
    sent.add(line);
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private void await(String text) {
    Printed.await(
        out::toString,
        printed -> {
          if (printed.contains(text)) {
            return true;
          }
          if (!bot.isAlive()) {
            throw new AssertionError(
                "the bot exited before printing '"
                    + text
                    + "'; stdout:\n"
                    + out
                    + "\nstderr:\n"
                    + err);
          }
          return false;
        },
        "'" + text + "'",
        WAIT,
        () -> "\nstderr:\n" + err);
  }
}
