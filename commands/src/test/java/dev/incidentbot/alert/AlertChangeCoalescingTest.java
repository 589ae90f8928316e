package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.alert.ChangeCoalescing.Decision;
import dev.incidentbot.template.Templates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ChangeCoalescing: edit the latest update message while it is recent, else post")
class AlertChangeCoalescingTest {
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final Instant POSTED = Instant.parse("2026-01-01T12:04:00Z");
  private static final AlertGroup.LatestUpdate LATEST = new AlertGroup.LatestUpdate("m7", POSTED);

  @Test
  @DisplayName("within the window of the latest update message: edit it")
  void withinWindowEdits() {
    assertThat(ChangeCoalescing.decide(LATEST, POSTED, WINDOW, false))
        .isEqualTo(Decision.EDIT_LATEST);
    assertThat(ChangeCoalescing.decide(LATEST, POSTED.plusSeconds(29), WINDOW, false))
        .isEqualTo(Decision.EDIT_LATEST);
  }

  @Test
  @DisplayName("the window runs from the post, so once it has passed a change posts anew")
  void afterWindowPosts() {
    assertThat(ChangeCoalescing.decide(LATEST, POSTED.plus(WINDOW), WINDOW, false))
        .isEqualTo(Decision.POST_NEW);
    assertThat(ChangeCoalescing.decide(LATEST, POSTED.plusSeconds(300), WINDOW, false))
        .isEqualTo(Decision.POST_NEW);
  }

  @Test
  @DisplayName("no update message yet (or since the last triage or resolution): post")
  void nothingToEditPosts() {
    assertThat(ChangeCoalescing.decide(null, POSTED, WINDOW, false)).isEqualTo(Decision.POST_NEW);
  }

  @Test
  @DisplayName("a change that brings a new target posts, since its triage follows it")
  void joinedTargetPosts() {
    assertThat(ChangeCoalescing.decide(LATEST, POSTED.plusSeconds(1), WINDOW, true))
        .isEqualTo(Decision.POST_NEW);
  }

  @Test
  @DisplayName("a zero window turns coalescing off")
  void zeroWindowPosts() {
    assertThat(ChangeCoalescing.decide(LATEST, POSTED, Duration.ZERO, false))
        .isEqualTo(Decision.POST_NEW);
  }

  @Test
  @DisplayName("the update line gives counts, the exact notification number and the change time")
  void updateLine() {
    var n =
        new AlertNotification(
            AlertSource.ALERTMANAGER_WEBHOOK,
            "g",
            "RedisDown orders",
            AlertStatus.FIRING,
            List.of(
                alert(AlertStatus.FIRING, "a"),
                alert(AlertStatus.FIRING, "b"),
                alert(AlertStatus.FIRING, "c"),
                alert(AlertStatus.RESOLVED, "d")),
            Map.of(),
            "d1");
    Instant at = Instant.parse("2026-01-01T12:04:05.700Z");

    var views = new AlertViews(new Templates(null));

    assertThat(views.update(AlertNotice.of(n, "severity", 7, at, List.of(), null)).text())
        .endsWith("\n\n3 alerts firing, 1 resolved · notification #7 · last change 12:04:05 UTC");
    assertThat(views.update(AlertNotice.of(n, "severity", 7, at, List.of(), null)).title())
        .isEqualTo("[FIRING:3, RESOLVED:1] RedisDown orders");
    assertThat(views.update(AlertNotice.of(n, "severity", 7, at, List.of("cache-b"), null)).text())
        .endsWith("Now also on cache-b: triage follows.");
  }

  private static Alert alert(AlertStatus status, String instance) {
    return new Alert(
        status,
        Map.of("alertname", "RedisDown", "instance", instance),
        Map.of("summary", "down"),
        null,
        null);
  }
}
