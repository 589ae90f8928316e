package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.sample.SampleSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("samples: configuration")
class SamplesConfigTest {
  private static final String TARGETS =
      "targets:\n  - name: main\n    url: redis://localhost:6379\n    bullmqPrefixes: [bull, jobs]\n";

  private static BotConfig parse(String samples) throws ConfigException {
    return new ConfigLoader(name -> null).parse("test.yml", TARGETS + samples);
  }

  private static String error(String samples) {
    return assertThatThrownBy(() -> parse(samples))
        .isInstanceOf(ConfigException.class)
        .actual()
        .getMessage();
  }

  @Test
  @DisplayName("defaults: every 15 s, 30 min after an action, kept 30 days, no queues")
  void defaults() throws Exception {
    assertThat(parse("").samples()).isEqualTo(SampleSettings.DEFAULTS);
    assertThat(SampleSettings.DEFAULTS.every()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("every key is read; queues under the target's BullMQ prefixes or rq")
  void reads() throws Exception {
    assertThat(
            parse(
                    "samples:\n  every: 30s\n  afterAction: 1h\n  retention: 7d\n"
                        + "  queues:\n    main: [bull:emails, jobs:render, rq:default]\n")
                .samples())
        .isEqualTo(
            new SampleSettings(
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofDays(7),
                Map.of("main", List.of("bull:emails", "jobs:render", "rq:default"))));
  }

  @Test
  @DisplayName("bad values name the field")
  void errors() {
    assertThat(error("samples:\n  every: 500ms\n"))
        .contains("samples.every", "between 1 s and 10 min");
    assertThat(error("samples:\n  retention: 10m\n")).contains("samples.retention");
    assertThat(error("samples:\n  queues:\n    other: [rq:default]\n"))
        .contains("samples.queues.other", "no target is named 'other'");
    assertThat(error("samples:\n  queues:\n    main: [emails]\n"))
        .contains("samples.queues.main[0]", "write rq:<name> or <bullmq prefix>:<name>");
    assertThat(error("samples:\n  queues:\n    main: [bq:emails]\n"))
        .contains("'bq' is neither rq nor a BullMQ prefix of main (bull, jobs)");
  }
}
