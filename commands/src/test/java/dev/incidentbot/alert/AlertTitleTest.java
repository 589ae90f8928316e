package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Alert titles: tag, group part, and the parenthesised part that changes")
class AlertTitleTest {
  @Test
  @DisplayName("Alertmanager's [FIRING:n] and [RESOLVED] titles")
  void alertmanager() {
    assertThat(AlertTitle.parse("[FIRING:2] RedisDown 10.0.0.5:9121 (prod critical)"))
        .contains(new AlertTitle(AlertStatus.FIRING, "RedisDown 10.0.0.5:9121", "prod critical"));
    assertThat(AlertTitle.parse("[RESOLVED] RedisDown 10.0.0.5:9121 (prod)"))
        .contains(new AlertTitle(AlertStatus.RESOLVED, "RedisDown 10.0.0.5:9121", "prod"));
  }

  @Test
  @DisplayName("Grafana's [FIRING:1, RESOLVED:1], an empty group part, and a plain [FIRING]")
  void others() {
    assertThat(AlertTitle.parse("[FIRING:1, RESOLVED:1] RedisDown Redis (critical)"))
        .contains(new AlertTitle(AlertStatus.FIRING, "RedisDown Redis", "critical"));
    assertThat(AlertTitle.parse("[FIRING:1]  (val1)"))
        .contains(new AlertTitle(AlertStatus.FIRING, "", "val1"));
    assertThat(AlertTitle.parse("[firing] Disk  full"))
        .contains(new AlertTitle(AlertStatus.FIRING, "Disk full", ""));
    assertThat(AlertTitle.parse("FIRING Disk full")).isEmpty();
    assertThat(AlertTitle.parse("[FIRE] x")).isEmpty();
  }

  @Test
  @DisplayName("nothing an alert says can ping: @everyone, @here, user and role mentions defused")
  void safeText() {
    String safe = SafeText.of("@everyone @here <@123> <@&456> <#789>");
    assertThat(safe)
        .doesNotContain("@everyone")
        .doesNotContain("@here")
        .doesNotContain("<@123>")
        .doesNotContain("<@&456>")
        .doesNotContain("<#789>");
  }
}
