package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Configuration: loading, substitution and one-line errors that name the field")
class ConfigLoaderTest {
  private final ConfigLoader loader =
      new ConfigLoader(Map.of("REDIS_PASSWORD", "pw", "EMPTY", "")::get);

  @Test
  @DisplayName("the issue's example shape loads, with defaults filled in")
  void issueShape() throws Exception {
    BotConfig config =
        loader.parse(
            "config.yml",
            """
            targets:
              - name: cache
                url: redis://127.0.0.1:6379
                services: [Publishing, Notifications]
                timeout: 2s
            console:
              users:
                - name: alice
                  roles: [operator]
            store:
              url: jdbc:h2:file:./data/bot
            """);

    Target cache = config.targets().get(0);
    assertThat(cache.name()).isEqualTo("cache");
    assertThat(cache.mode()).isEqualTo(Mode.STANDALONE);
    assertThat(cache.endpoint().address()).isEqualTo("127.0.0.1:6379");
    assertThat(cache.services()).containsExactly("Publishing", "Notifications");
    assertThat(cache.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cache.protectedPatterns()).containsExactly("bull:*", "rq:*", "session:*");
    assertThat(config.consoleUsers())
        .extracting(BotConfig.ConsoleUser::name)
        .containsExactly("alice");
    assertThat(config.store().url()).isEqualTo("jdbc:h2:file:./data/bot");
  }

  @Test
  @DisplayName("the committed config.example.yml loads")
  void exampleLoads() throws Exception {
    BotConfig config = loader.load(Path.of("..", "config.example.yml"));

    assertThat(config.targets()).isNotEmpty();
    assertThat(config.consoleUsers()).isNotEmpty();
  }

  @Test
  @DisplayName(
      "config.example.yml's commented samples.queues example, uncommented, switches queue depths"
          + " on")
  void exampleSampleQueuesUncommented() throws Exception {
    String example = Files.readString(Path.of("..", "config.example.yml"));
    assertThat(example).contains("  queues: {}");
    BotConfig config =
        loader.parse(
            "config.yml",
            example
                .replaceFirst("(?m)^  queues: \\{}.*$", "")
                .replaceFirst("(?m)^  # queues:", "  queues:")
                .replaceFirst("(?m)^  #   local:", "    local:"));

    assertThat(config.samples().queuesOf("local")).containsExactly("bull:emails", "rq:default");
  }

  @Test
  @DisplayName("${VAR} and ${VAR:-default} are substituted; the password never shows in toString")
  void substitution() throws Exception {
    BotConfig config =
        loader.parse(
            "c.yml",
            """
            targets:
              - name: a
                url: redis://:${REDIS_PASSWORD}@h:6380
                timeout: ${EMPTY:-750ms}
            """);

    Target a = config.targets().get(0);
    assertThat(a.endpoint().password()).isEqualTo("pw");
    assertThat(a.timeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(a.endpoint().toString()).doesNotContain("pw").contains("***");
  }

  @Test
  @DisplayName("bullmqPrefixes default to bull; a sentinel password is read and never printed")
  void prefixesAndSentinelPassword() throws Exception {
    BotConfig config =
        loader.parse(
            "c.yml",
            """
            targets:
              - name: a
                url: redis://h:6380
              - name: b
                mode: sentinel
                master: mymaster
                nodes: ["s1:26379"]
                sentinelPassword: ${REDIS_PASSWORD}
                bullmqPrefixes: [bull, "{jobs}"]
            """);

    Target a = config.targets().get(0);
    Target b = config.targets().get(1);
    assertThat(a.bullmqPrefixes()).containsExactly("bull");
    assertThat(a.sentinelPassword()).isNull();
    assertThat(b.bullmqPrefixes()).containsExactly("bull", "{jobs}");
    assertThat(b.sentinelPassword().value()).isEqualTo("pw");
    assertThat(b.toString()).doesNotContain("pw");
  }

  @Test
  @DisplayName("no file and no config.yml: one target local at localhost:6379")
  void defaults() {
    BotConfig config = loader.defaults();

    assertThat(config.targets())
        .extracting(Target::describe)
        .containsExactly("local (localhost:6379)");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("bad files stop start-up with one line naming the file, the field and the problem")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          unknown key      | targets: [{name: a, url: 'redis://h', colour: red}]   | c.yml: targets[0].colour: unknown key; the keys allowed here are allowPurge, bullmqPrefixes, master, mode, name, nodes, protect, sentinelPassword, services, thresholds, timeout, url
          bad url scheme   | targets: [{name: a, url: 'http://h:1'}]               | c.yml: targets[0].url: must start with redis:// or rediss://, not 'http'
          url without host | targets: [{name: a, url: 'redis://:6379'}]            | c.yml: targets[0].url: has no host; expected redis://host:port
          duplicate name   | targets: [{name: a, url: 'redis://h'}, {name: a, url: 'redis://g'}] | c.yml: targets[1].name: duplicate target name 'a' (also targets[0])
          bad duration     | targets: [{name: a, url: 'redis://h', timeout: 2x}]   | c.yml: targets[0].timeout: '2x' is not a duration; use a number with ms, s, m, h or d, like 2s or 10m
          zero timeout     | targets: [{name: a, url: 'redis://h', timeout: 0s}]   | c.yml: targets[0].timeout: must be between 1ms and 60s, not 0ms
          missing url      | targets: [{name: a}]                                   | c.yml: targets[0].url: is required, like redis://host:6379
          missing name     | targets: [{url: 'redis://h'}]                          | c.yml: targets[0].name: is required
          no targets       | store: {url: 'jdbc:h2:mem:x'}                          | c.yml: targets: at least one target is required
          bad mode         | targets: [{name: a, url: 'redis://h', mode: ring}]    | c.yml: targets[0].mode: 'ring' is not one of standalone, sentinel, cluster
          sentinel no name | targets: [{name: a, mode: sentinel, nodes: ['h:26379']}] | c.yml: targets[0].master: is required for mode sentinel: the name Sentinel uses
          bad node         | targets: [{name: a, mode: cluster, nodes: ['h']}]     | c.yml: targets[0].nodes[0]: 'h' is not host:port
          bad name         | targets: [{name: 'Cache!', url: 'redis://h'}]        | c.yml: targets[0].name: 'Cache!' is not a valid name; use lowercase letters, digits, - and _
          mode before url  | targets: [{name: a, mode: ring}]                       | c.yml: targets[0].mode: 'ring' is not one of standalone, sentinel, cluster
          sentinel no nodes | targets: [{name: a, mode: sentinel, master: m, url: 'redis://h'}] | c.yml: targets[0].nodes: list the sentinels as host:port for mode sentinel
          node before master | targets: [{name: a, mode: sentinel, nodes: ['h:1', x]}] | c.yml: targets[0].nodes[1]: 'x' is not host:port
          stray master     | targets: [{name: a, url: 'redis://h', master: m}]     | c.yml: targets[0].master: only applies to mode sentinel
          cluster no seed  | targets: [{name: a, mode: cluster}]                    | c.yml: targets[0].url: is not a valid URL (Expected authority)
          long timeout     | targets: [{name: a, url: 'redis://h', timeout: 61s}]  | c.yml: targets[0].timeout: must be between 1ms and 60s, not 61000ms
          bad role         | targets: [{name: a, url: 'redis://h'}]\\nconsole: {users: [{name: al, roles: [admin]}]} | c.yml: console.users[0].roles[0]: 'admin' is not a role; use viewer, operator or commander
          unset variable   | targets: [{name: a, url: 'redis://:${NOPE}@h'}]       | c.yml: targets[0].url: environment variable NOPE is not set (write ${NOPE:-default} to make it optional)
          bad prefix       | targets: [{name: a, url: 'redis://h', bullmqPrefixes: [bull, 'my queues']}] | c.yml: targets[0].bullmqPrefixes[1]: 'my queues' is not a BullMQ prefix; use 1 to 64 letters, digits and _ { } . : -
          no prefix        | targets: [{name: a, url: 'redis://h', bullmqPrefixes: []}] | c.yml: targets[0].bullmqPrefixes: list at least one prefix, or leave it out for bull
          twice a prefix   | targets: [{name: a, url: 'redis://h', bullmqPrefixes: [jobs, jobs]}] | c.yml: targets[0].bullmqPrefixes[1]: 'jobs' is listed twice
          stray password   | targets: [{name: a, url: 'redis://h', sentinelPassword: x}] | c.yml: targets[0].sentinelPassword: only applies to mode sentinel
          bad threshold    | targets: [{name: a, url: 'redis://h', thresholds: {memoryWarnPercent: lots}}] | c.yml: targets[0].thresholds.memoryWarnPercent: 'lots' is not a valid number
          warn above crit  | targets: [{name: a, url: 'redis://h', thresholds: {memoryWarnPercent: 90, memoryCritPercent: 80}}] | c.yml: targets[0].thresholds.memoryWarnPercent: must be below memoryCritPercent (80), not 90
          warn over default | targets: [{name: a, url: 'redis://h', thresholds: {memoryWarnPercent: 90}}] | c.yml: targets[0].thresholds.memoryWarnPercent: must be below memoryCritPercent (85), not 90
          crit under default | targets: [{name: a, url: 'redis://h', thresholds: {latencyCritMs: 0.5}}] | c.yml: targets[0].thresholds.latencyCritMs: must be above latencyWarnMs (1), not 0.5
          negative latency | targets: [{name: a, url: 'redis://h', thresholds: {memoryWarnPercent: 90, memoryCritPercent: 80, latencyWarnMs: -1}}] | c.yml: targets[0].thresholds.latencyWarnMs: must be above 0, not -1
          negative clients | targets: [{name: a, url: 'redis://h', thresholds: {clientsWarn: -5}}] | c.yml: targets[0].thresholds.clientsWarn: must not be negative, not -5
          percent over 100 | targets: [{name: a, url: 'redis://h', thresholds: {memoryCritPercent: 120}}] | c.yml: targets[0].thresholds.memoryCritPercent: must be a percentage above 0 and at most 100, not 120
          evictions equal  | targets: [{name: a, url: 'redis://h', thresholds: {evictedWarn: 100}}] | c.yml: targets[0].thresholds.evictedWarn: must be below evictedCrit (100), not 100
          fragmentation 1  | targets: [{name: a, url: 'redis://h', thresholds: {fragmentationRatio: 0.9}}] | c.yml: targets[0].thresholds.fragmentationRatio: must be above 1 (1.0 is no fragmentation), not 0.9
          no queue depth   | targets: [{name: a, url: 'redis://h', thresholds: {queueDepth: 0}}] | c.yml: targets[0].thresholds.queueDepth: must be at least 1, not 0
          bad store        | targets: [{name: a, url: 'redis://h'}]\\nstore: {url: 'mysql://x'} | c.yml: store.url: must be a jdbc:h2: or jdbc:postgresql: URL, not 'mysql://x'
          not yaml         | "targets: [unclosed"                                    | c.yml: line 1: not valid YAML
          duplicate key    | targets: [{name: a, url: 'redis://h'}]\\nhttp: {}\\nhttp: {port: 9} | c.yml: line 3: key 'http' is written twice; keep one
          """)
  void errors(String name, String yaml, String expected) {
    assertThatThrownBy(() -> loader.parse("c.yml", yaml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .message()
        .startsWith(expected)
        .doesNotContain("\n");
  }

  @Test
  @DisplayName("a missing file is named")
  void missingFile() {
    assertThatThrownBy(() -> loader.load(Path.of("/nonexistent/bot.yml")))
        .hasMessage("/nonexistent/bot.yml: file not found");
  }
}
