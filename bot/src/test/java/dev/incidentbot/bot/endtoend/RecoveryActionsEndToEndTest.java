package dev.incidentbot.bot.endtoend;

import static dev.incidentbot.bot.endtoend.Flow.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.format.Counts;
import dev.incidentbot.testing.BusyRedis;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SentinelGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

@DisplayName(
    "Every recovery action planned, confirmed by a second operator and proven in Redis, in the"
        + " console and in Discord")
class RecoveryActionsEndToEndTest {
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.UTF_8);

  static final RedisServer solo = RedisServer.start();
  static final SentinelGroup ha = SentinelGroup.start("orders");
  static final Path scripts = runbookScript();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  "targets:\n"
                      + "  - name: solo\n    url: "
                      + solo.url()
                      + "\n"
                      + "  - name: ha\n    mode: sentinel\n    master: orders\n    nodes: [\""
                      + ha.sentinelAddress()
                      + "\"]\n"
                      + "scripts:\n"
                      + "  - name: restart-worker\n"
                      + "    description: restart the queue workers of one region\n"
                      + "    command: [\""
                      + scripts.resolve("restart-worker")
                      + "\", \"{region}\"]\n"
                      + "    params:\n      region: [eu, us]\n"
                      + "    timeout: 10s\n"
                      + "    target: solo\n")
          .build();

  static Chats chats;

  @BeforeAll
  static void chats() {
    chats = Chats.on(discord);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (chats != null) {
      chats.close();
    }
    ha.close();
    solo.close();
  }

  /** Every test starts from empty data nodes with default limits. */
  @BeforeEach
  void clean() {
    for (RedisServer node : List.of(solo, ha.master())) {
      try (Jedis j = node.client()) {
        j.flushAll();
        j.configSet("maxmemory", "0");
        j.configSet("maxmemory-policy", "noeviction");
        j.configSet("slowlog-log-slower-than", "20000");
        j.slowlogReset();
      }
    }
  }

  static Stream<Arguments> soloAndHa() {
    return Stream.of(Adapter.values())
        .flatMap(a -> Stream.of("solo", "ha").map(t -> Arguments.of(a, t)));
  }

  private static RedisServer primary(String target) {
    return target.equals("solo") ? solo : ha.master();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("soloAndHa")
  @DisplayName("purge cache:*: the dry run counts it, Confirm removes exactly it, /audit tells")
  void purge(Adapter adapter, String target) {
    try (Jedis j = primary(target).client()) {
      for (int i = 0; i < 30; i++) {
        j.set("cache:" + i, "v");
      }
      for (int i = 0; i < 40; i++) {
        j.set("user:" + i, "kept");
      }
      j.set("bull:q:1", "job");
    }
    Chat chat = chats.of(adapter);

    Flow flow = Flow.confirmed(chat, "redis purge", Map.of("pattern", "cache:*", "target", target));
    Shown audit = chat.send("victor", "audit", Map.of("count", "1")).answer();

    assertThat(flow.plan().text()).contains("30 of 71 keys (full scan)");
    assertThat(flow.outcome().title()).isEqualTo("Done: removed 30 keys from " + target);
    assertThat(flow.outcome().text()).containsPattern(evidence("Keys in database", "71 → 41"));
    assertThat(audit.text()).contains("asked by alice, confirmed by bob: done, removed 30 keys");
    try (Jedis j = primary(target).client()) {
      assertThat(j.keys("cache:*")).isEmpty();
      assertThat(j.get("bull:q:1")).isEqualTo("job");
      assertThat(j.dbSize()).isEqualTo(41);
      if (target.equals("ha")) {
        assertThat(j.waitReplicas(1, 5000)).isEqualTo(1);
        try (Jedis replica = ha.replica().client()) {
          assertThat(replica.dbSize()).as("the replica follows").isEqualTo(41);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName(
      "purge matching nothing: a note, no plan; keys gone before Confirm: nothing changed, no"
          + " follow-ups")
  void nothingToDo(Adapter adapter) {
    try (Jedis j = solo.client()) {
      j.set("cache:1", "v");
    }
    Chat chat = chats.of(adapter);

    Shown none =
        chat.send("alice", "redis purge", Map.of("pattern", "nomatch:*", "target", "solo"))
            .answer();
    Shown plan = Flow.plan(chat, "redis purge", Map.of("pattern", "cache:*", "target", "solo"));
    try (Jedis j = solo.client()) {
      j.del("cache:1");
    }
    Shown outcome = Flow.outcome(chat.press(plan, plan.buttons().get(0), "bob"));

    assertThat(none.title())
        .isEqualTo("Nothing matches nomatch:* on solo (full scan of 1 key): nothing to do.");
    assertThat(none.buttons()).isEmpty();
    assertThat(plan.text()).containsPattern(evidence("Will run", "SCAN <cursor> MATCH cache:*"));
    assertThat(outcome.title())
        .isEqualTo("Nothing to do: no key matches cache:* on solo any more; none was removed");
    assertThat(outcome.text()).doesNotContain("Follow-up checks").doesNotContain("scheduled");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName(
      "a long purge on a busy server: progress edited in place, Stop ends it after its batch, said"
          + " so")
  void purgeStopped(Adapter adapter) throws InterruptedException {
    int keys = 300_000;
    try (Jedis j = new Jedis("127.0.0.1", solo.port(), 60_000)) {
      j.sendCommand(DEBUG, "POPULATE", String.valueOf(keys), "cache");
    }
    Chat chat = chats.of(adapter);
    Shown plan = Flow.plan(chat, "redis purge", Map.of("pattern", "cache:*", "target", "solo"));

    Shown progress;
    Shown stop;
    Chat.Exchange confirm;
    // two connections sleeping 100 ms in turns: each batch of the purge waits for about one
    // sleep, so 300,000 keys in batches of 500 take 600 × ~100 ms, over a minute, about as long as
    // this test waits for the progress and the Stop's answer together (2 × Chat.PATIENCE). On a
    // loaded machine the busy threads now and then fall behind and let a dozen batches through
    // (seen: 16 in 0.6 s), which still leaves the purge running many times longer than a Stop
    // takes. With one connection sleeping 10 ms the purge was done in ~7 s, sooner than a slow
    // chat's Stop.
    try (var busy = BusyRedis.start(solo, Duration.ofMillis(100), 2)) {
      confirm = chat.press(plan, plan.buttons().get(0), "bob");
      progress =
          confirm.await(
              m -> m.hasButton("Stop") && m.text().contains("removed so far"),
              "a progress update with the count so far");
      stop =
          chat.press(progress, "Stop", "alice")
              .await(m -> m.text().contains("Stop requested"), "the Stop button's answer");
    }
    Shown outcome = Flow.outcome(confirm);

    assertThat(plan.buttons()).first().isEqualTo(Flow.CONFIRM_HIGH_RISK);
    assertThat(progress.text()).containsPattern("[\\d,]+ keys removed so far");
    assertThat(stop.text().strip()).startsWith("Stop requested by alice");
    assertThat(outcome.title()).startsWith("Stopped by alice after removing");
    long removed = number(outcome.title(), "Stopped by alice after removing (\\d+) keys");
    assertThat(removed).isPositive().isLessThan(keys);
    assertThat(outcome.changes())
        .as("progress shown, then replaced by the outcome")
        .isGreaterThan(1);
    try (Jedis j = solo.client()) {
      assertThat(j.dbSize()).isEqualTo(keys - removed);
      assertThat(outcome.text())
          .containsPattern(
              evidence(
                  "Keys in database", Counts.format(keys) + " → " + Counts.format(j.dbSize())));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName(
      "trim and requeue on BullMQ and RQ queues filled by the real producers: jobs moved in Redis")
  void queues(Adapter adapter) {
    var bullmq = CompletableFuture.runAsync(() -> Producers.bullmq(solo.port()));
    var rq = CompletableFuture.runAsync(() -> Producers.rq(solo.port()));
    bullmq.join();
    rq.join();
    List<String> completed;
    String stalled;
    List<String> failed;
    String abandoned;
    List<String> rqFailed;
    try (Jedis j = solo.client()) {
      completed = j.zrange("bull:emails:completed", 0, -1);
      stalled = j.lrange("bull:emails:active", 0, -1).get(0);
      failed = j.zrange("bull:emails:failed", 0, -1);
      abandoned = j.zrange("rq:wip:slow", 0, -1).get(0);
      rqFailed = j.zrange("rq:failed:default", 0, -1);
    }
    Chat chat = chats.of(adapter);

    Shown trim =
        Flow.confirmed(
                chat,
                "redis trim",
                Map.of("queue", "emails", "state", "completed", "keep", "1", "target", "solo"))
            .outcome();
    Shown requeueStalled =
        Flow.confirmed(
                chat,
                "redis requeue",
                Map.of("queue", "emails", "state", "stalled", "target", "solo"))
            .outcome();
    Shown requeueFailed =
        Flow.confirmed(
                chat,
                "redis requeue",
                Map.of("queue", "emails", "state", "failed", "target", "solo"))
            .outcome();
    Shown requeueAbandoned =
        Flow.confirmed(
                chat,
                "redis requeue",
                Map.of("queue", "slow", "state", "stalled", "target", "solo"))
            .outcome();
    Shown trimRq =
        Flow.confirmed(
                chat,
                "redis trim",
                Map.of("queue", "default", "state", "failed", "keep", "0", "target", "solo"))
            .outcome();

    assertThat(trim.title()).isEqualTo("Done: removed 2 completed jobs of BullMQ queue emails");
    assertThat(requeueStalled.title())
        .isEqualTo("Done: requeued 1 stalled job of BullMQ queue emails");
    assertThat(requeueFailed.title())
        .isEqualTo("Done: requeued 2 failed jobs of BullMQ queue emails");
    assertThat(requeueAbandoned.title()).isEqualTo("Done: requeued 1 stalled job of RQ queue slow");
    assertThat(requeueAbandoned.text()).contains("1 abandoned started job");
    assertThat(trimRq.title()).isEqualTo("Done: removed 2 failed jobs of RQ queue default");
    try (Jedis j = solo.client()) {
      assertThat(j.zrange("bull:emails:completed", 0, -1)).containsExactly(completed.get(2));
      assertThat(j.exists("bull:emails:" + completed.get(0))).isFalse();
      assertThat(j.llen("bull:emails:active")).isZero();
      assertThat(j.sismember("bull:emails:stalled", stalled)).isFalse();
      assertThat(j.zcard("bull:emails:failed")).isZero();
      assertThat(j.lrange("bull:emails:wait", 0, -1)).contains(stalled).containsAll(failed);
      assertThat(j.zscore("bull:emails:marker", "0")).as("idle workers are woken").isNotNull();
      assertThat(j.zcard("rq:wip:slow")).isZero();
      assertThat(j.lrange("rq:queue:slow", 0, -1)).containsExactly(abandoned);
      assertThat(j.zcard("rq:failed:default")).isZero();
      assertThat(j.exists("rq:job:" + rqFailed.get(0))).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("kill-clients name:: the three named clients are gone, the others still connected")
  void killClients(Adapter adapter) {
    var doomed = new ArrayList<Jedis>();
    try (Jedis web = solo.client()) {
      web.clientSetname("web");
      for (int i = 0; i < 3; i++) {
        Jedis c = solo.client();
        c.clientSetname("reporting-job");
        doomed.add(c);
      }

      Flow flow =
          Flow.confirmed(
              chats.of(adapter),
              "redis kill-clients",
              Map.of("name", "reporting-job", "target", "solo"));

      assertThat(flow.plan().text()).containsPattern("3 of \\d+ clients");
      assertThat(flow.outcome().title()).isEqualTo("Done: killed 3 client connections on solo");
      assertThat(flow.outcome().text()).containsPattern(evidence("Clients killed", "3"));
      try (Jedis j = solo.client()) {
        String list = j.clientList();
        assertThat(list).doesNotContain("name=reporting-job").contains("name=web");
      }
      assertThat(web.ping()).isEqualTo("PONG");
    } finally {
      doomed.forEach(RecoveryActionsEndToEndTest::closeQuietly);
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("soloAndHa")
  @DisplayName("set-maxmemory 512mb and set-policy allkeys-lru: CONFIG GET on the master agrees")
  void configChanges(Adapter adapter, String target) {
    Chat chat = chats.of(adapter);

    Flow maxmemory =
        Flow.confirmed(chat, "redis set-maxmemory", Map.of("bytes", "512mb", "target", target));
    Flow policy =
        Flow.confirmed(chat, "redis set-policy", Map.of("policy", "allkeys-lru", "target", target));

    assertThat(maxmemory.plan().text())
        .containsPattern(evidence("Will run", "CONFIG SET maxmemory 536870912"));
    assertThat(maxmemory.plan().title()).contains("bytes:512mb");
    assertThat(maxmemory.outcome().title())
        .isEqualTo("Done: maxmemory is now 512 MiB on " + target);
    assertThat(maxmemory.outcome().text())
        .containsPattern(evidence("maxmemory", "no limit → 512 MiB"));
    assertThat(policy.outcome().title())
        .isEqualTo("Done: maxmemory-policy is now allkeys-lru on " + target);
    try (Jedis j = primary(target).client()) {
      assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "536870912");
      assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("persist bgsave: waits for the save, reports ok; the RDB file is on disk")
  void persist(Adapter adapter) throws IOException {
    try (Jedis j = solo.client()) {
      j.set("order:1", "paid");
    }
    Path rdb = solo.dir().resolve("dump.rdb");
    Files.deleteIfExists(rdb);

    Flow flow =
        Flow.confirmed(
            chats.of(adapter), "redis persist", Map.of("op", "bgsave", "target", "solo"));

    assertThat(flow.outcome().title()).isEqualTo("Done: BGSAVE finished successfully on solo");
    assertThat(flow.outcome().text()).containsPattern(evidence("rdb_last_bgsave_status", "ok"));
    assertThat(rdb).exists();
    try (Jedis j = solo.client()) {
      assertThat(j.info("persistence")).contains("rdb_changes_since_last_save:0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("memory-purge and slowlog-reset: before → after evidence, the slow log emptied")
  void memoryPurgeAndSlowlogReset(Adapter adapter) {
    try (Jedis j = solo.client()) {
      j.sendCommand(DEBUG, "SLEEP", "0.03");
      j.sendCommand(DEBUG, "SLEEP", "0.03");
    }
    Chat chat = chats.of(adapter);

    Flow purge = Flow.confirmed(chat, "redis memory-purge", Map.of("target", "solo"));
    Flow reset = Flow.confirmed(chat, "redis slowlog-reset", Map.of("target", "solo"));

    assertThat(purge.outcome().title()).matches("Done: MEMORY PURGE ran on solo: RSS .+ → .+");
    assertThat(purge.outcome().text()).containsPattern("used_memory_rss:?\\s+\\S.* → ");
    long discarded = number(reset.outcome().title(), "reset \\((\\d+) entries discarded\\)");
    assertThat(discarded).isGreaterThanOrEqualTo(2);
    assertThat(reset.outcome().text()).containsPattern("SLOWLOG LEN:?\\s+" + discarded + " → ");
    try (Jedis j = solo.client()) {
      assertThat(j.slowlogGet().toString()).doesNotContain("SLEEP");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("/runbook run: the configured script runs once with the chosen value, output shown")
  void runbookScript(Adapter adapter) throws IOException {
    String region = adapter == Adapter.CONSOLE ? "eu" : "us";
    Path log = scripts.resolve("restarted.log");
    Files.deleteIfExists(log);

    Flow flow =
        Flow.confirmed(
            chats.of(adapter),
            "runbook run",
            Map.of("script", "restart-worker", "params", "region=" + region));

    assertThat(flow.plan().text()).contains("restart-worker " + region);
    assertThat(flow.outcome().title()).isEqualTo("Done: restart-worker finished (exit code 0)");
    assertThat(flow.outcome().text()).contains("restarting worker@" + region);
    assertThat(Files.readAllLines(log)).containsExactly(region);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A runbook script in a directory of its own: says what it does and logs the region. */
  private static Path runbookScript() {
    try {
      Path dir = Files.createTempDirectory("runbook-");
      Path script = dir.resolve("restart-worker");
      Files.writeString(
          script,
          "#!/bin/sh\necho \"restarting worker@$1\"\necho \"$1\" >> \"$(dirname \"$0\")/restarted.log\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text.replace(",", ""));
    assertThat(m.find()).as(regex + " in: " + text).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static void closeQuietly(Jedis j) {
    try {
      j.close();
    } catch (RuntimeException killed) {
      // its connection was killed by the test
    }
  }
}
