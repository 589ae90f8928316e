package dev.incidentbot.redis.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.Requests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName("Read-only diagnostics against a real standalone redis-server")
class StandaloneDiagnosticsTest {
  @RegisterExtension
  static final RedisExtension servers =
      new RedisExtension("--maxmemory", "100mb", "--requirepass", "s3cret-pass");

  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final NodeCalls calls =
      new NodeCalls(new RedisNodes(), new NodeResolver(pool), pool);

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static Target main() {
    return Target.standalone("main", "redis://:s3cret-pass@127.0.0.1:" + servers.server().port());
  }

  private static Targets targets(Target... t) {
    return new Targets(List.of(t));
  }

  private static Jedis admin() {
    Jedis j = servers.server().client();
    j.auth("s3cret-pass");
    return j;
  }

  private static String all(Reply r) {
    var sb = new StringBuilder(r.title()).append('\n').append(r.text()).append('\n');
    for (Field f : r.fields()) {
      sb.append(f.name()).append(": ").append(f.value()).append('\n');
    }
    r.codeBlocks().forEach(c -> sb.append(c.content()).append('\n'));
    return sb.toString();
  }

  @Test
  @DisplayName(
      "info section:memory lists the section's fields, with used_memory; unknown sections are refused")
  void info() {
    var command = new InfoCommand(targets(main()), calls);
    Reply reply = command.handle(Requests.of("redis info", "section", "memory"), Progress.NONE);

    assertThat(reply.title()).isEqualTo("main: INFO memory");
    assertThat(reply.codeBlocks().get(0).content()).contains("used_memory ").contains("maxmemory ");
    assertThat(reply.codeBlocks().get(0).content()).contains("104857600");
    assertThatThrownBy(
            () -> command.handle(Requests.of("redis info", "section", "secrets"), Progress.NONE))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("not an INFO section");
  }

  @Test
  @DisplayName("memory puts used vs maxmemory first and shows MEMORY STATS and DOCTOR")
  void memory() {
    Reply reply =
        new MemoryCommand(targets(main()), calls)
            .handle(Requests.of("redis memory"), Progress.NONE);

    assertThat(reply.title()).matches("main: memory \\d+ % of 100 MiB \\(.* used\\)");
    assertThat(reply.fields())
        .extracting(Field::name)
        .containsExactly("Usage", "MEMORY STATS", "MEMORY DOCTOR");
    assertThat(reply.fields().get(0).value()).contains("policy noeviction");
    assertThat(reply.fields().get(1).value()).containsPattern("\\d+ keys?, [\\d,]+ bytes per key");
    assertThat(reply.fields().get(1).value())
        .containsPattern("fragmentation \\(RSS / used\\) [\\d.]+")
        .containsPattern("allocator fragmentation [\\d.]+");
    assertThat(reply.fields().get(2).value())
        .doesNotStartWith("Hi Sam")
        .doesNotStartWith("Sam,")
        .isNotBlank();
  }

  @Test
  @DisplayName("the doctors' advice loses its greeting and keeps the advice")
  void doctorAdvice() {
    assertThat(
            NodeReplies.doctorAdvice(
                "Hi Sam, I can't find any memory issue in your instance. I can only account for"
                    + " what occurs on this base."))
        .isEqualTo(
            "I can't find any memory issue in your instance. I can only account for what occurs"
                + " on this base.");
    assertThat(
            NodeReplies.doctorAdvice(
                "Dave, I have observed latency spikes in this Redis instance. You don't mind"
                    + " talking about it, do you Dave?\n\n1. command: 1 latency spikes"))
        .isEqualTo(
            "I have observed latency spikes in this Redis instance.\n\n1. command: 1 latency spikes");
    assertThat(
            NodeReplies.doctorAdvice(
                "Hi Sam, this instance is empty or is using very little memory, my issues detector"
                    + " can't be used in these conditions. Please, leave for your mission on Earth"
                    + " and fill it with some data. The new Sam and I will be back to our"
                    + " programming as soon as I finished rebooting."))
        .isEqualTo(
            "Too little data for MEMORY DOCTOR to judge: the instance is empty or nearly so.");
  }

  @Test
  @DisplayName(
      "latency: 200 sequential PINGs, min <= p50 <= p99 <= max; says the monitor is off, then"
          + " reads LATENCY LATEST once on")
  void latency() {
    var command = new LatencyCommand(targets(main()), calls);
    try (Jedis j = admin()) {
      j.configSet("latency-monitor-threshold", "0");
      Reply off = command.handle(Requests.of("redis latency"), Progress.NONE);
      assertThat(off.title()).startsWith("main: PING p50 ");
      // 200 when every PING is answered within the budget; a loaded machine may fit a few less
      var samples =
          java.util.regex.Pattern.compile("Round trips \\((\\d+) PINGs\\)")
              .matcher(off.fields().get(0).name());
      assertThat(samples.matches()).as(off.fields().get(0).name()).isTrue();
      assertThat(Integer.parseInt(samples.group(1))).isBetween(100, LatencyCommand.SAMPLES);
      var figures =
          java.util.regex.Pattern.compile(
                  "min ([\\d.]+) ms · p50 ([\\d.]+) ms · p99 ([\\d.]+) ms · max ([\\d.]+) ms")
              .matcher(off.fields().get(0).value());
      assertThat(figures.matches()).as(off.fields().get(0).value()).isTrue();
      double min = Double.parseDouble(figures.group(1));
      double p50 = Double.parseDouble(figures.group(2));
      double p99 = Double.parseDouble(figures.group(3));
      double max = Double.parseDouble(figures.group(4));
      assertThat(min).isLessThanOrEqualTo(p50);
      assertThat(p50).isLessThanOrEqualTo(p99);
      assertThat(p99).isLessThanOrEqualTo(max);
      assertThat(off.fields().get(1).value())
          .contains("latency-monitor-threshold is 0")
          .contains("CONFIG SET latency-monitor-threshold 100");

      j.configSet("latency-monitor-threshold", "1");
      j.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode("DEBUG"), "SLEEP", "0.02");
      Reply on = command.handle(Requests.of("redis latency"), Progress.NONE);
      assertThat(on.fields().get(1).name()).isEqualTo("LATENCY LATEST (threshold 1 ms)");
      assertThat(on.fields().get(1).value()).contains("command: latest");
    }
  }

  @Test
  @DisplayName("slowlog shows recent slow commands newest first, with secrets redacted")
  void slowlog() {
    try (Jedis j = admin()) {
      j.configSet("slowlog-log-slower-than", "0");
      j.slowlogReset();
      j.set("order:42", "x".repeat(500));
      j.get("order:42");
      j.configSet("slowlog-log-slower-than", "10000");
    }
    Reply reply =
        new SlowlogCommand(targets(main()), calls)
            .handle(Requests.of("redis slowlog", "count", "3"), Progress.NONE);

    assertThat(reply.title())
        .matches("main: slowest [\\d.]+ ms of the 3 latest slow commands( \\(\\d+ kept\\))?");
    assertThat(reply.text()).matches("\\d+ entries kept, slowlog-log-slower-than 10 ms");
    String code = reply.codeBlocks().get(0).content();
    assertThat(code).contains("SET order:42 xxxxxxxx").doesNotContain("x".repeat(60));
    assertThat(code.lines()).hasSize(3);
    assertThat(code).doesNotContain("s3cret-pass");
    assertThat(SlowlogCommand.safeCommand(List.of("AUTH", "default", "hunter2")))
        .isEqualTo("AUTH (redacted)");
    assertThat(SlowlogCommand.safeCommand(List.of("CONFIG", "SET", "requirepass", "hunter2")))
        .isEqualTo("CONFIG SET (redacted)");
  }

  @Test
  @DisplayName("clients groups connections by name and lists the oldest idle first")
  void clients() throws Exception {
    var idle = new ArrayList<Jedis>();
    try {
      for (int i = 0; i < 3; i++) {
        Jedis j = admin();
        j.clientSetname("billing-api");
        idle.add(j);
      }
      Thread.sleep(1100); // idle for over a second, as CLIENT LIST counts idle time
      Reply reply =
          new ClientsCommand(targets(main()), calls)
              .handle(Requests.of("redis clients"), Progress.NONE);

      assertThat(reply.title()).matches("main: \\d+ clients of 10,000 max \\(0 %\\), 0 blocked");
      Field byName =
          reply.fields().stream().filter(f -> f.name().equals("By name")).findFirst().orElseThrow();
      assertThat(byName.value()).contains("3 × billing-api");
      assertThat(reply.codeBlocks().get(0).content().lines().skip(1).findFirst().orElseThrow())
          .contains("billing-api")
          // Redis counts idle time in whole seconds of its clock: 1.1 s reads as 1 or 2
          .matches("idle [12] s.*");
    } finally {
      idle.forEach(Jedis::close);
    }
  }

  @Test
  @DisplayName("clients: many different names, one each, read as one line, not a line each")
  void clientsAllDifferent() {
    var idle = new ArrayList<Jedis>();
    try {
      for (int i = 0; i < 8; i++) {
        Jedis j = admin();
        j.clientSetname("worker-" + i);
        idle.add(j);
      }
      Reply reply =
          new ClientsCommand(targets(main()), calls)
              .handle(Requests.of("redis clients"), Progress.NONE);

      Field byName =
          reply.fields().stream().filter(f -> f.name().equals("By name")).findFirst().orElseThrow();
      assertThat(byName.value())
          .matches("\\d+ different, one client each: .*worker-.* … and \\d+ more")
          .doesNotContain("1 ×");
    } finally {
      idle.forEach(Jedis::close);
    }
  }

  @Test
  @DisplayName("config shows allowlisted settings and never a secret, even through a glob")
  void config() {
    var command = new ConfigCommand(targets(main()), calls);

    Reply max = command.handle(Requests.of("redis config", "param", "maxmemory*"), Progress.NONE);
    assertThat(max.title()).isEqualTo("main: CONFIG GET maxmemory*");
    assertThat(max.codeBlocks().get(0).content())
        .contains("maxmemory = 104857600 (100 MiB)")
        .contains("maxmemory-policy = noeviction\n");
    Reply one = command.handle(Requests.of("redis config", "param", "maxmemory"), Progress.NONE);
    assertThat(one.title())
        .as("one setting: its value and meaning first")
        .isEqualTo("main: maxmemory = 104857600 (100 MiB)");
    Reply timeout = command.handle(Requests.of("redis config", "param", "timeout"), Progress.NONE);
    assertThat(timeout.title()).isEqualTo("main: timeout = 0");
    assertThat(ConfigCommand.line("slowlog-log-slower-than", "10000"))
        .isEqualTo("slowlog-log-slower-than = 10000 (10 ms)");
    assertThat(ConfigCommand.line("slowlog-log-slower-than", "-1"))
        .isEqualTo("slowlog-log-slower-than = -1 (slow log off)");
    assertThat(ConfigCommand.line("cluster-node-timeout", "15000"))
        .isEqualTo("cluster-node-timeout = 15000 (15 s)");
    assertThat(ConfigCommand.line("maxmemory", "0")).isEqualTo("maxmemory = 0 (no limit)");

    Reply dir = command.handle(Requests.of("redis config", "param", "dir"), Progress.NONE);
    assertThat(dir.title())
        .as("scenario D's first question: where does it write")
        .startsWith("main: dir = /");
    Reply files = command.handle(Requests.of("redis config", "param", "*filename"), Progress.NONE);
    assertThat(files.codeBlocks().get(0).content())
        .contains("dbfilename = dump.rdb")
        .contains("appendfilename = ");

    Reply everything = command.handle(Requests.of("redis config", "param", "*"), Progress.NONE);
    assertThat(all(everything)).doesNotContain("s3cret-pass").doesNotContain("requirepass");

    assertThatThrownBy(
            () ->
                command.handle(Requests.of("redis config", "param", "requirepass"), Progress.NONE))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("is a secret");
    assertThatThrownBy(
            () -> command.handle(Requests.of("redis config", "param", "masterauth"), Progress.NONE))
        .hasMessageContaining("is a secret");
  }

  @Test
  @DisplayName("targets: one word per target, checked at once; a down one says down")
  void targetsStatus() {
    RedisServer dead = servers.extra();
    dead.kill();
    Target down = Target.standalone("jobs", dead.url());
    Reply reply =
        new TargetsCommand(targets(main(), down), calls, pool)
            .handle(Requests.of("redis targets"), Progress.NONE);

    assertThat(reply.title()).isEqualTo("1 of 2 targets up");
    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(reply.text().lines().toList())
        .satisfiesExactly(
            l -> assertThat(l).startsWith("✔ main · standalone · up — 127.0.0.1:"),
            l -> assertThat(l).startsWith("✖ jobs · standalone · down — "));
  }

  @Test
  @DisplayName("a paused server: the reply comes within timeout + 0.5 s and says no answer")
  void hungServer() throws Exception {
    RedisServer paused = servers.extra();
    Target target = Target.standalone("hung", paused.url()).withTimeout(Duration.ofMillis(500));
    try (Jedis j = paused.client()) {
      j.clientPause(3000);
      long start = System.nanoTime();
      Reply reply =
          new MemoryCommand(targets(target), calls)
              .handle(Requests.of("redis memory"), Progress.NONE);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(reply.text()).contains("no answer from hung (127.0.0.1:" + paused.port());
      assertThat(took).isLessThan(Duration.ofMillis(1000));
    }
  }
}
