package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Operators' alert templates: their wording and layout; the code's ping and safety")
class AlertTemplateOverrideTest {
  @TempDir Path dir;

  private static final AlertNotification NOTIFICATION =
      new AlertNotification(
          AlertSource.ALERTMANAGER_WEBHOOK,
          "g",
          "RedisDown @everyone",
          AlertStatus.FIRING,
          List.of(
              new Alert(
                  AlertStatus.FIRING,
                  Map.of("alertname", "RedisDown", "redis_target", "cache", "severity", "warning"),
                  Map.of(
                      "summary",
                      "cache is down <@123456789012345678>",
                      "runbook_url",
                      "https://runbooks.example/redis-down"),
                  null,
                  null)),
          Map.of(),
          "d1");

  @Test
  @DisplayName("an override turns the list into fields; values stay safe, the repeat still pings")
  void overrideIsUsed() throws Exception {
    Files.writeString(
        dir.resolve("alert-still-firing.reply"),
        """
        # one field per alert
        title: {{group}} again (#{{notification}})
        severity: {{severity}}
        field for alerts: {{name}} on {{labels.redis_target}}
          {{summary}}{{#annotations.runbook_url}} · runbook: {{annotations.runbook_url}}{{/annotations.runbook_url}}
        """);
    var views = new AlertViews(new Templates(dir));

    var reply =
        views.stillFiring(AlertNotice.of(NOTIFICATION, "severity", 5, null, List.of(), null));

    assertThat(reply.title()).isEqualTo("RedisDown @\u200beveryone again (#5)");
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
    assertThat(reply.fields())
        .containsExactly(
            new Field(
                "RedisDown on cache",
                "cache is down <@\u200b123456789012345678> · runbook:"
                    + " https://runbooks.example/redis-down",
                false));
    assertThat(reply.pingOnCall()).isTrue();
    // the other templates are still the built-in ones
    assertThat(views.resolved(AlertNotice.of(NOTIFICATION, "severity", 5, null, List.of(), null)))
        .satisfies(r -> assertThat(r.title()).isEqualTo("[RESOLVED] RedisDown @\u200beveryone"));
  }

  @Test
  @DisplayName("an unknown name stops start-up with the operator's file and line")
  void unknownName() throws Exception {
    Path file = dir.resolve("alert-message.reply");
    Files.writeString(
        file, "title: {{tag}} {{group}}\ntext:\n  {{#alerts}}\n  {{summry}}\n  {{/alerts}}\n");

    assertThatThrownBy(() -> new AlertViews(new Templates(dir)))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(file + " line 4: unknown name 'summry'; the names here are ")
        .hasMessageContaining("summary");
  }

  @Test
  @DisplayName("an unclosed section stops start-up with the line it opened on")
  void unclosed() throws Exception {
    Path file = dir.resolve("alert-update.reply");
    Files.writeString(file, "title: {{tag}} {{group}}\n\ntext:\n  {{#joined}}\n  {{joined}}\n");

    assertThatThrownBy(() -> new AlertViews(new Templates(dir)))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + " line 4: Failed to close 'joined' tag");
  }
}
