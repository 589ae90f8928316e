package dev.incidentbot.bot.golden;

import dev.incidentbot.alert.Alert;
import dev.incidentbot.alert.AlertNotice;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertSource;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.alert.AlertViews;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.template.Templates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert messages ({@code alert-message}, {@code alert-update}, {@code alert-still-firing},
 * {@code alert-resolved}) rendered by the built-in templates for realistic notifications, as
 * console text and Discord JSON, against {@code golden/<template>/<case>.*}. Regenerate with {@code
 * -Dgolden.update=true} after a deliberate change and read the diff.
 */
@DisplayName("Alert messages: console text and Discord JSON exactly as the golden files")
class AlertGoldenTest {
  private static final AlertViews VIEWS = new AlertViews(new Templates(null));
  private static final Instant AT = Instant.parse("2026-05-04T08:12:09.400Z");

  static Stream<Arguments> replies() {
    AlertNotification labelled =
        webhook(
            "RedisMemoryHigh cache",
            AlertStatus.FIRING,
            List.of(
                alert(
                    AlertStatus.FIRING,
                    Map.of(
                        "alertname", "RedisMemoryHigh",
                        "redis_target", "cache",
                        "instance", "10.0.0.7:6379",
                        "service", "publishing",
                        "severity", "warning",
                        "team", "platform"),
                    "Memory at 97 % of maxmemory"),
                alert(
                    AlertStatus.FIRING,
                    Map.of(
                        "alertname",
                        "RedisMemoryHigh",
                        "instance",
                        "10.0.0.8:6379",
                        "severity",
                        "warning"),
                    "")));
    AlertNotification changed =
        webhook(
            "RedisDown orders",
            AlertStatus.FIRING,
            List.of(
                alert(AlertStatus.FIRING, target("RedisDown", "cache-a", "a"), "cache-a is down"),
                alert(AlertStatus.FIRING, target("RedisDown", "cache-a", "b"), "cache-a is down"),
                alert(AlertStatus.FIRING, target("RedisDown", "cache-b", "c"), "cache-b is down"),
                alert(
                    AlertStatus.RESOLVED, target("RedisDown", "cache-a", "d"), "cache-a is down")));
    AlertNotification resolved =
        webhook(
            "RedisDown orders",
            AlertStatus.RESOLVED,
            List.of(
                alert(AlertStatus.RESOLVED, target("RedisDown", "cache-a", "a"), "cache-a is down"),
                alert(
                    AlertStatus.RESOLVED, target("RedisDown", "cache-b", "c"), "cache-b is down")));
    return Stream.of(
        Arguments.of(
            AlertViews.MESSAGE + "/firing-with-labels", VIEWS.message(notice(labelled, 1))),
        Arguments.of(AlertViews.MESSAGE + "/hostile-labels", VIEWS.message(notice(hostile(), 1))),
        Arguments.of(AlertViews.MESSAGE + "/many-grouped", VIEWS.message(notice(storm(), 1))),
        Arguments.of(
            AlertViews.MESSAGE + "/resolved-on-arrival", VIEWS.message(notice(resolved, 1))),
        Arguments.of(
            AlertViews.UPDATE + "/some-resolved-target-joined",
            VIEWS.update(notice(changed, 7, AT, List.of("cache-b"), null))),
        Arguments.of(
            AlertViews.UPDATE + "/many-grouped",
            VIEWS.update(notice(storm(), 12, AT, List.of(), null))),
        Arguments.of(
            AlertViews.STILL_FIRING + "/nobody-took-it", VIEWS.stillFiring(notice(labelled, 3))),
        Arguments.of(
            AlertViews.STILL_FIRING + "/taken",
            VIEWS.stillFiring(notice(labelled, 4, null, List.of(), "carol @here"))),
        Arguments.of(AlertViews.RESOLVED + "/group-resolved", VIEWS.resolved(notice(resolved, 9))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  @DisplayName("each case, console and Discord")
  void matchesGolden(String name, Reply reply) throws Exception {
    GoldenReply.check(name, reply);
  }

  /**
   * {@code n} as its group's notification {@code count}: no change known, none joined or took it.
   */
  private static AlertNotice notice(AlertNotification n, int count) {
    return notice(n, count, null, List.of(), null);
  }

  private static AlertNotice notice(
      AlertNotification n, int count, Instant lastChange, List<String> joined, String takenBy) {
    return AlertNotice.of(n, "severity", count, lastChange, joined, takenBy);
  }

  /**
   * Text chosen to break things: mentions, a channel link, Markdown, a masked link, line breaks
   * that look like template parts, and a label value far over every limit.
   */
  private static AlertNotification hostile() {
    var labels = new LinkedHashMap<String, String>();
    labels.put("alertname", "RedisDown");
    labels.put("redis_target", "cache");
    labels.put("instance", "10.0.0.9:6379 " + "x".repeat(5_000));
    labels.put("severity", "critical");
    return webhook(
        "RedisDown @everyone <@123456789012345678> " + "y".repeat(400),
        AlertStatus.FIRING,
        List.of(
            alert(
                AlertStatus.FIRING,
                labels,
                "@here **cache** is down <#42> [runbook](https://evil.example)\n"
                    + "field: Oops\n  {{group}} `code`")));
  }

  /** A storm: 1,000 alerts of one group over two targets, summarised as intake does. */
  private static AlertNotification storm() {
    var alerts = new ArrayList<Alert>();
    for (int i = 0; i < 1000; i++) {
      alerts.add(
          alert(
              i % 10 == 0 ? AlertStatus.RESOLVED : AlertStatus.FIRING,
              target("RedisReplicationLag", i == 999 ? "cache-b" : "cache-a", "10.0.0." + i),
              "Replica 10.0.0." + i + " lags " + (i + 1) + " s behind"));
    }
    return webhook("RedisReplicationLag", AlertStatus.FIRING, alerts)
        .summarised(100, a -> a.label("redis_target"));
  }

  private static Map<String, String> target(String name, String target, String instance) {
    return Map.of("alertname", name, "redis_target", target, "instance", instance);
  }

  private static Alert alert(AlertStatus status, Map<String, String> labels, String summary) {
    return new Alert(
        status,
        labels,
        summary.isEmpty() ? Map.of() : Map.of("summary", summary),
        Instant.parse("2026-05-04T08:00:00Z"),
        null);
  }

  private static AlertNotification webhook(String name, AlertStatus status, List<Alert> alerts) {
    return new AlertNotification(
        AlertSource.ALERTMANAGER_WEBHOOK,
        "{}:{alertname=\"" + name + "\"}",
        name,
        status,
        alerts,
        AlertNotification.common(alerts),
        "content:" + name.length());
  }
}
