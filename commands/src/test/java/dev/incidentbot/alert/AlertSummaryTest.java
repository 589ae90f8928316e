package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.template.Templates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A large alert group is summarised: kept alerts, one per target, the rest counted")
class AlertSummaryTest {
  private static final AlertTargets TARGETS =
      new AlertTargets(List.of(), "redis_target", List.of("cache-a", "cache-b"));

  @Test
  @DisplayName("1,000 alerts: 100 kept plus the one on another target; counts, state and key kept")
  void summarised() {
    var alerts = new ArrayList<Alert>();
    for (int i = 0; i < 1000; i++) {
      alerts.add(
          new Alert(
              i % 10 == 0 ? AlertStatus.RESOLVED : AlertStatus.FIRING,
              Map.of(
                  "alertname",
                  "Lag",
                  "instance",
                  "10.0.0." + i,
                  "redis_target",
                  i == 999 ? "cache-b" : "cache-a"),
              Map.of(),
              Instant.EPOCH.plusSeconds(i),
              "f" + i));
    }
    var whole =
        new AlertNotification(
            AlertSource.ALERTMANAGER_WEBHOOK,
            "{}:{alertname=\"Lag\"}",
            "Lag",
            AlertStatus.FIRING,
            alerts,
            Map.of("alertname", "Lag"),
            "content:x");

    AlertNotification small = whole.summarised(100, TARGETS::labelled);

    assertThat(small.alerts()).hasSize(101).endsWith(alerts.get(999));
    assertThat(small.firingCount()).isEqualTo(whole.firingCount()).isEqualTo(900);
    assertThat(small.resolvedCount()).isEqualTo(100);
    assertThat(small.unlisted()).isEqualTo(899);
    assertThat(small.state()).isEqualTo(whole.state());
    assertThat(small.deliveryKey()).isEqualTo(whole.deliveryKey());
    assertThat(TARGETS.targetsFor(small)).containsExactly("cache-a", "cache-b");
    var views = new AlertViews(new Templates(null));
    assertThat(views.message(AlertNotice.of(small, "severity", 1, null, List.of(), null)).text())
        .endsWith("… and 990 more");
    assertThat(AlertNotice.tag(small)).isEqualTo("[FIRING:900, RESOLVED:100]");
    assertThat(whole.summarised(1000, TARGETS::labelled)).isSameAs(whole);
  }
}
