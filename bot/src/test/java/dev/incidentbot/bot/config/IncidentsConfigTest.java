package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.incident.IncidentSeverity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("incidents: section of the configuration")
class IncidentsConfigTest {
  static final String TARGETS = "targets:\n  - name: cache\n    url: redis://localhost:6379\n";

  @TempDir Path dir;

  BotConfig parse(String incidents) throws ConfigException {
    return new ConfigLoader(name -> null).parse("bot.yml", TARGETS + incidents, dir);
  }

  @Test
  @DisplayName("without the section: commander for everything, 15/30/60 min reminders")
  void defaults() throws Exception {
    var s = parse("").incidents();
    assertThat(s.behaviour().declareRole()).isEqualTo("commander");
    assertThat(s.behaviour().reminderInterval(IncidentSeverity.P0))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(s.behaviour().reminderInterval(IncidentSeverity.P1))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(s.behaviour().reminderInterval(IncidentSeverity.P2))
        .isEqualTo(Duration.ofMinutes(60));
    assertThat(s.behaviour().snooze()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.templates()).isNull();
    assertThat(s.webhooks()).isEmpty();
  }

  @Test
  @DisplayName("every key is read; template paths are relative to the config file")
  void everything() throws Exception {
    Files.createDirectories(dir.resolve("tpl"));
    var s =
        parse(
                """
                incidents:
                  system: SmartBeak
                  roles: { declare: operator, update: commander, resolve: commander, assign: viewer }
                  reminders: { P0: 5m, P2: 2h }
                  snooze: 10m
                  templates: tpl
                  webhooks:
                    - name: slack
                      url: https://hooks.slack.com/services/T/B/secret
                      format: slack
                """)
            .incidents();
    assertThat(s.behaviour().system()).isEqualTo("SmartBeak");
    assertThat(s.behaviour().declareRole()).isEqualTo("operator");
    assertThat(s.behaviour().assignRole()).isEqualTo("viewer");
    assertThat(s.behaviour().reminderInterval(IncidentSeverity.P0))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(s.behaviour().reminderInterval(IncidentSeverity.P1))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(s.behaviour().reminderInterval(IncidentSeverity.P2)).isEqualTo(Duration.ofHours(2));
    assertThat(s.behaviour().snooze()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.templates()).isEqualTo(dir.resolve("tpl"));
    assertThat(s.webhooks())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.format()).isEqualTo(StakeholderWebhook.Format.SLACK);
              assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(w.toString()).doesNotContain("secret");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "roles: { declare: boss }|bot.yml: incidents.roles.declare: 'boss' is not a role; use"
            + " viewer, operator or commander",
        "reminders: { P3: 5m }|bot.yml: incidents.reminders.P3: is not a severity; use P0, P1 or"
            + " P2",
        "reminders: { P1: 0s }|bot.yml: incidents.reminders.P1: must be between 1 s and 24 h",
        "reminders: { P1: soon }|bot.yml: incidents.reminders.P1: 'soon' is not a duration; use a"
            + " number with ms, s, m, h or d, like 2s or 10m",
        "snooze: 2d|bot.yml: incidents.snooze: must be between 1 s and 24 h",
        "templates: nowhere|bot.yml: incidents.templates: '{dir}/nowhere' is not a directory",
        "webhooks: [ { name: a, url: 'ftp://x/y' } ]|bot.yml: incidents.webhooks[0].url: must be"
            + " an http:// or https:// URL",
        "webhooks: [ { name: a, url: 'http://x', format: xml } ]|bot.yml:"
            + " incidents.webhooks[0].format: 'xml' is not one of json, slack",
        "webhooks: [ { name: a, url: 'http://x' }, { name: a, url: 'http://y' } ]|bot.yml:"
            + " incidents.webhooks[1].name: duplicate webhook 'a' (also incidents.webhooks[0])",
        "webhooks: [ { url: 'http://x' } ]|bot.yml: incidents.webhooks[0].name: is required",
        "colour: red|bot.yml: incidents.colour: unknown key; the keys allowed here are reminders,"
            + " roles, snooze, system, templates, webhooks",
      })
  void refused(String yaml, String message) {
    assertThatThrownBy(() -> parse("incidents:\n  " + yaml + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message.replace("{dir}", dir.toString()));
  }
}
