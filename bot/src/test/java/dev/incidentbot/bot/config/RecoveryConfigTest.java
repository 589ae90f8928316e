package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.action.RunbookScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Configuration of recovery: and scripts:, with errors that name the field")
class RecoveryConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  private static final String TARGETS =
      "targets:\n  - name: main\n    url: redis://127.0.0.1:6379\n";

  @Test
  @DisplayName(
      "defaults: 5 min to confirm, second person for high risk, follow-ups at 1/5/15/30 min")
  void defaults() throws Exception {
    BotConfig config = loader.parse("c.yml", TARGETS);
    assertThat(config.recovery().confirmationTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.recovery().highRiskSelfConfirm()).isFalse();
    assertThat(config.scripts()).isEmpty();
  }

  @Test
  @DisplayName("the example in config.example.yml loads with the documented defaults")
  void example() throws Exception {
    BotConfig config = loader.load(Path.of("..", "config.example.yml"));
    assertThat(config.recovery().confirmationTtl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("a script with a parameter, timeout, workdir, target and risk")
  void script() throws Exception {
    BotConfig config =
        loader.parse(
            "c.yml",
            TARGETS
                + """
                scripts:
                  - name: restart-worker
                    description: restart workers
                    command: ["/bin/echo", "restart", "worker@{region}"]
                    params:
                      region: [eu, us]
                    timeout: 30s
                    workdir: /tmp
                    target: main
                    risk: high
                """);
    RunbookScript s = config.scripts().get(0);
    assertThat(s.commandLine(Map.of("region", "eu")))
        .containsExactly("/bin/echo", "restart", "worker@eu");
    assertThat(s.params()).containsEntry("region", List.of("eu", "us"));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.risk()).isEqualTo(Risk.HIGH);
    assertThat(s.target()).isEqualTo("main");
  }

  static Stream<Arguments> badScripts() {
    return Stream.of(
        arguments("command: [echo, hi]", "scripts[0].command[0]: 'echo' must be an absolute path"),
        arguments(
            "command: [/no/such/tool]",
            "scripts[0].command[0]: '/no/such/tool' is not an executable file"),
        arguments(
            "command: [/bin/echo, '{who}']",
            "scripts[0].command[1]: {who} is not a declared parameter"),
        arguments(
            "command: [/bin/echo]\n    timeout: 2h",
            "scripts[0].timeout: must be between 1s and 30m"),
        arguments(
            "command: [/bin/echo]\n    target: nope",
            "scripts[0].target: 'nope' is not a configured target"),
        arguments(
            "command: [/bin/echo]\n    risk: extreme",
            "scripts[0].risk: 'extreme' is not one of low"),
        arguments(
            "command: [/bin/echo]\n    workdir: relative",
            "scripts[0].workdir: 'relative' is not an absolute"),
        arguments(
            "command: [/bin/echo]\n    params:\n      who: ['a b']",
            "scripts[0].params.who[0]: 'a b' is not allowed"),
        arguments("command: [/bin/echo]\n    shell: true", "scripts[0].shell: unknown key"));
  }

  @ParameterizedTest
  @MethodSource
  @DisplayName("bad scripts stop start-up with the path to the field")
  void badScripts(String body, String message) {
    String yaml = TARGETS + "scripts:\n  - name: s\n    " + body + "\n";
    assertThatThrownBy(() -> loader.parse("c.yml", yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("recovery: out-of-range values are refused")
  void badRecovery() {
    assertThatThrownBy(() -> loader.parse("c.yml", TARGETS + "recovery:\n  confirmationTtl: 5s\n"))
        .hasMessageContaining("recovery.confirmationTtl: must be between 30s and 1h");
    assertThatThrownBy(() -> loader.parse("c.yml", TARGETS + "recovery:\n  followUps: [1m]\n"))
        .hasMessageContaining("recovery.followUps: unknown key");
  }
}
