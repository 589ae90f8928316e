package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.followup.FollowUpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("followUps: configuration")
class FollowUpConfigTest {
  private static final String TARGETS =
      "targets:\n  - name: main\n    url: redis://localhost:6379\n";

  private static BotConfig parse(String followUps) throws ConfigException {
    return new ConfigLoader(name -> null).parse("test.yml", TARGETS + followUps);
  }

  private static String error(String followUps) {
    return assertThatThrownBy(() -> parse(followUps))
        .isInstanceOf(ConfigException.class)
        .actual()
        .getMessage();
  }

  @Test
  @DisplayName("defaults: +1, +5, +15, +30 min, watch every 5 min, no routine checks")
  void defaults() throws Exception {
    assertThat(parse("").followUps()).isEqualTo(FollowUpSettings.DEFAULTS);
    assertThat(FollowUpSettings.DEFAULTS.afterAction())
        .containsExactly(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("every key is read")
  void reads() throws Exception {
    var s =
        parse(
                "followUps:\n  afterAction: [30s, 2m]\n  incidentWatch: 10m\n  minInterval: 2m\n"
                    + "  allClear: true\n  saveAgeWarn: 6h\n  slowlogGrowthWarn: 20\n"
                    + "  routine:\n    main: \"0 0 8 * * ?\"\n")
            .followUps();
    assertThat(s)
        .isEqualTo(
            new FollowUpSettings(
                List.of(Duration.ofSeconds(30), Duration.ofMinutes(2)),
                Duration.ofMinutes(10),
                Duration.ofMinutes(2),
                true,
                Duration.ofHours(6),
                20,
                Map.of("main", "0 0 8 * * ?")));
  }

  @Test
  @DisplayName("bad values stop start-up with the path to the field")
  void errors() {
    assertThat(error("followUps:\n  afterAction: [5m, 1m]\n"))
        .isEqualTo(
            "test.yml: followUps.afterAction[1]: offsets must increase; 1 min is not after 5 min");
    assertThat(error("followUps:\n  afterAction: [soon]\n"))
        .startsWith("test.yml: followUps.afterAction[0]: 'soon' is not a duration");
    assertThat(error("followUps:\n  minInterval: 2d\n"))
        .isEqualTo("test.yml: followUps.minInterval: must be between 1s and 24h, not 2 d");
    assertThat(error("followUps:\n  incidentWatch: 30s\n"))
        .isEqualTo(
            "test.yml: followUps.incidentWatch: must not be shorter than followUps.minInterval (1 min)");
    assertThat(error("followUps:\n  routine:\n    cache: \"0 0 8 * * ?\"\n"))
        .isEqualTo("test.yml: followUps.routine.cache: no target is named 'cache'; known: main");
    assertThat(error("followUps:\n  routine:\n    main: \"daily\"\n"))
        .startsWith("test.yml: followUps.routine.main: 'daily' is not a Quartz cron expression");
    assertThat(error("followUps:\n  routine:\n    main: \"*/10 * * * * ?\"\n"))
        .isEqualTo(
            "test.yml: followUps.routine.main: '*/10 * * * * ?' fires more often than followUps.minInterval (1 min)");
    assertThat(error("followUps:\n  allclear: true\n"))
        .startsWith("test.yml: followUps.allclear: unknown key");
  }
}
