package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The slow-server causes (C: stalls, or one command blocking the server) for every command the next
 * steps tell apart, against {@code golden/causes/slow.txt}. After a deliberate change, regenerate
 * with {@code -Dgolden.update=true} and read the diff.
 */
@DisplayName("Slow causes: verdict, sentence and next steps exactly as the golden file")
class SlowCauseGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/causes/slow.txt");
  private static final Target TARGET = Target.standalone("cache", "redis://10.0.0.5:6379");
  private static final Finding LATENCY =
      new Finding("latency", Finding.Level.CRIT, "p50 180 ms, max 420 ms", "");

  private static InfoSnapshot info(String commandstats) {
    return InfoSnapshot.parse(
        "# Server\r\nuptime_in_seconds:600\r\n# Replication\r\nrole:master\r\n"
            + "connected_slaves:0\r\n# Commandstats\r\n"
            + commandstats);
  }

  private static Window window(String before, String after) {
    return new Window(
        Duration.ofMillis(500),
        new double[] {120, 180, 420},
        0,
        info(before),
        info(after),
        Duration.ofMillis(500),
        List.of(),
        List.of(),
        Window.WriteProbe.ANSWERED,
        Map.of());
  }

  private static String slowWith(String command) {
    Window w =
        window(
            "cmdstat_" + command + ":calls=10,usec=1000\r\n",
            "cmdstat_" + command + ":calls=19,usec=401000\r\n");
    return render(command, w);
  }

  private static String render(String name, Window window) {
    InfoSnapshot info = window == null ? info("") : window.after();
    Cause c = Causes.of(TARGET, Optional.empty(), info, window, List.of(LATENCY));
    var out = new StringBuilder("== ").append(name).append('\n');
    out.append(c.kind()).append(" · ").append(c.scenario()).append('\n');
    out.append(c.verdict()).append('\n').append(c.sentence()).append('\n');
    c.nextSteps().forEach(s -> out.append("- ").append(s).append('\n'));
    return out.append('\n').toString();
  }

  @Test
  @DisplayName("stalls with and without a window, and KEYS, DEL, DEBUG, EVAL, FCALL, HGETALL")
  void matchesGolden() throws Exception {
    var text = new StringBuilder();
    text.append(render("stalls, no window", null));
    text.append(render("stalls, quiet window", window("", "")));
    text.append(
        render(
            "stalls, busy window",
            window("cmdstat_get:calls=10,usec=100\r\n", "cmdstat_get:calls=5000,usec=300000\r\n")));
    for (String command : List.of("keys", "del", "debug", "eval", "evalsha", "fcall", "hgetall")) {
      text.append(slowWith(command));
    }
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, text.toString(), StandardCharsets.UTF_8);
    }
    assertThat(text.toString()).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }
}
