package dev.incidentbot.redis.bigkeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.RunningJobs;
import dev.incidentbot.chat.StopCommand;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

@DisplayName("/redis bigkeys against a real redis-server with keys of known sizes")
class BigKeysCommandTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final RunningJobs jobs = new RunningJobs();

  @BeforeAll
  static void load() {
    try (Jedis j = servers.server().client()) {
      for (int i = 0; i < 2000; i++) {
        j.set("cache:" + i, "v".repeat(i % 50));
      }
      j.set("cache:blob", "b".repeat(10_000));
      j.rpush("queue:a", items(500));
      j.rpush("queue:b", items(20));
      j.hset("user:1", Map.of("a", "1", "b", "2", "c", "3"));
      var fields = new java.util.HashMap<String, String>();
      for (int i = 0; i < 300; i++) {
        fields.put("f" + i, "x");
      }
      j.hset("user:big", fields);
      j.sadd("tags", items(200));
      for (int i = 0; i < 100; i++) {
        j.zadd("rank", i, "m" + i);
      }
      for (int i = 0; i < 50; i++) {
        j.xadd("events", StreamEntryID.NEW_ENTRY, Map.of("n", "" + i));
      }
    }
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static String[] items(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = "item" + i;
    }
    return out;
  }

  private static BigKeysCommand command(RedisServer server) {
    return new BigKeysCommand(
        new Targets(List.of(Target.standalone("cache", server.url()))),
        new RedisNodes(),
        new NodeResolver(pool),
        jobs,
        pool);
  }

  @Test
  @DisplayName("by:count: exact totals per type and the biggest key of each, biggest first")
  void byCount() {
    Reply reply =
        command(servers.server()).handle(Requests.of("redis bigkeys", "limit", "2"), Progress.NONE);

    assertThat(reply.title())
        .startsWith("cache: biggest keys by element count — 2,008 keys scanned");
    String table = reply.codeBlocks().get(0).content();
    assertThat(table)
        .contains("hash — 2 keys, 303 fields in all, average 151 fields")
        .containsPattern("1\\.\\s+300 fields  user:big")
        .contains("list — 2 keys, 520 items in all, average 260 items")
        .containsPattern("1\\.\\s+500 items  queue:a\\n\\s+2\\.\\s+20 items  queue:b")
        .contains("set — 1 key, 200 members")
        .contains("zset — 1 key, 100 members")
        .contains("stream — 1 key, 50 entries")
        .containsPattern("string — [\\d,]+ keys, [\\d.]+ KiB in all \\(value lengths\\)")
        .containsPattern("1\\.\\s+9\\.8 KiB  cache:blob");
    assertThat(table.indexOf("hash —")).isLessThan(table.indexOf("list —")); // by name
    assertThat(reply.text()).doesNotContain("Biggest:");
  }

  @Test
  @DisplayName("by:memory with a pattern: only matching keys, sized by MEMORY USAGE")
  void byMemoryWithPattern() {
    Reply reply =
        command(servers.server())
            .handle(
                Requests.of("redis bigkeys", "pattern", "user:*", "by", "memory"), Progress.NONE);

    assertThat(reply.title()).contains("by memory — 2 keys scanned");
    String table = reply.codeBlocks().get(0).content();
    assertThat(table).startsWith("hash — 2 keys,").containsPattern("1\\.\\s+[\\d.]+ KiB  user:big");
    assertThat(table).doesNotContain("cache:");
  }

  @Test
  @DisplayName("by:memory: the type holding the biggest key first, and that key named first")
  void byMemoryBiggestFirst() {
    Reply reply =
        command(servers.server())
            .handle(Requests.of("redis bigkeys", "by", "memory"), Progress.NONE);

    // MEMORY USAGE samples big collections, so which key wins (the 10 KB string, the 200-member
    // set, the 300-field hash) can vary: the first line names it, and its type's list comes first
    var biggest =
        java.util.regex.Pattern.compile("^Biggest: (\\S+) \\((\\w+), ([\\d.]+ [KM]?i?B)\\)")
            .matcher(reply.text());
    assertThat(biggest.find()).as(reply.text()).isTrue();
    String table = reply.codeBlocks().get(0).content();
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith(biggest.group(2) + " — ");
    assertThat(lines.get(1))
        .containsPattern(
            "1\\.\\s+" + java.util.regex.Pattern.quote(biggest.group(3) + "  " + biggest.group(1)));
    var topOfEachType =
        java.util.regex.Pattern.compile("(?m)^\\s+1\\.\\s+([\\d.]+) (B|KiB|MiB)  ").matcher(table);
    var sizes = new java.util.ArrayList<Double>();
    while (topOfEachType.find()) {
      double unit =
          switch (topOfEachType.group(2)) {
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            default -> 1;
          };
      sizes.add(Double.parseDouble(topOfEachType.group(1)) * unit);
    }
    assertThat(sizes).hasSizeGreaterThan(3);
    assertThat(sizes)
        .as("types ordered by their biggest key")
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  private static RedisServer big;

  /** A server with 1.5 million keys, made once for the tests that stop a long scan. */
  private static synchronized RedisServer big() {
    if (big == null) {
      big = servers.extra();
      try (Jedis j = big.client()) {
        j.sendCommand(() -> "DEBUG".getBytes(), "POPULATE", "1500000", "k", "10");
      }
    }
    return big;
  }

  @Test
  @DisplayName("Stop is noticed within a batch, not at the next 1 s progress tick")
  void stopWithinABatch() {
    RedisServer server = big();
    long start = System.nanoTime();
    long pressAt = start + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);
    var interims = new ArrayList<Reply>();
    Progress progress =
        new Progress() {
          @Override
          public void update(Reply interim) {
            interims.add(interim);
          }

          @Override
          public boolean stopRequested() {
            return System.nanoTime() > pressAt;
          }
        };

    Reply reply = command(server).handle(Requests.of("redis bigkeys"), progress);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(reply.title()).endsWith("(stopped)");
    assertThat(tookMs).isLessThan(700);
    assertThat(interims).isEmpty();
  }

  @Test
  @DisplayName("progress about once a second with a Stop button; pressing it stops the scan early")
  void stop() {
    RedisServer big = big();
    var interims = new ArrayList<Reply>();
    var stopper = new StopCommand(jobs);
    Progress progress =
        new Progress() {
          @Override
          public void update(Reply interim) {
            interims.add(interim);
            if (interim.buttons().isEmpty()) {
              return; // "Stopping…": already pressed
            }
            Button stop = interim.buttons().get(0);
            stopper.handle(
                Requests.of(stop.action().command(), "job", stop.action().options().get("job")),
                Progress.NONE);
          }
        };
    Reply reply = command(big).handle(Requests.of("redis bigkeys"), progress);

    assertThat(interims).isNotEmpty();
    assertThat(interims.get(0).title())
        .contains("scanning for big keys by count")
        .contains("of ~1,500,000 keys");
    assertThat(interims.get(0).buttons()).extracting(Button::label).containsExactly("Stop");
    assertThat(reply.title()).endsWith("(stopped by alice)");
    assertThat(reply.text()).contains("Stopped by alice: these are the biggest keys");
    assertThat(jobs.running()).isZero();
  }
}
