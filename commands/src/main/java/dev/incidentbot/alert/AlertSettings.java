package dev.incidentbot.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How alert intake behaves, from the bot's configuration.
 *
 * @param triageWindow no second triage of a group within this long of the last one
 * @param updateWindow a change of a firing group within this long of its latest update message
 *     edits that message instead of posting a new one; zero: every change posts
 * @param retryWindow a delivery seen again within this long is a retry and has no effect.
 *     Alertmanager retries a failed delivery until the group's next flush (group_interval, 5 m by
 *     default) and repeats an unchanged notification after repeat_interval (4 h by default): the
 *     window sits between the two, so retries are dropped and repeats are counted
 * @param roles the roles the automated alert actor holds
 * @param severityLabel the alert label carrying severity ("severity")
 * @param autoDeclare severity label value to incident severity ("critical" → "P1"); empty: never
 * @param senders ids allowed to post alert messages in chat (webhook ids, bot user ids)
 * @param workers threads handling notifications; each group is handled by one at a time
 * @param queueCapacity notifications stored in the inbox and waiting in this instance at most;
 *     beyond it intake refuses before storing (webhooks retry). Notifications resumed from the
 *     inbox at start-up are taken even beyond it: they were accepted already
 */
public record AlertSettings(
    Duration triageWindow,
    Duration updateWindow,
    Duration retryWindow,
    Set<String> roles,
    String severityLabel,
    Map<String, String> autoDeclare,
    Set<String> senders,
    int workers,
    int queueCapacity) {

  public static final Duration DEFAULT_TRIAGE_WINDOW = Duration.ofMinutes(10);
  public static final Duration DEFAULT_UPDATE_WINDOW = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofMinutes(5);
  public static final int DEFAULT_WORKERS = 16;
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  public AlertSettings {
    Objects.requireNonNull(triageWindow, "triageWindow");
    Objects.requireNonNull(updateWindow, "updateWindow");
    if (updateWindow.isNegative()) {
      throw new IllegalArgumentException("updateWindow must not be negative");
    }
    Objects.requireNonNull(retryWindow, "retryWindow");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(severityLabel, "severityLabel");
    autoDeclare = Map.copyOf(autoDeclare);
    senders = Set.copyOf(senders);
    if (workers < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("workers and queueCapacity must be positive");
    }
  }

  /**
   * The defaults: 10-minute triage window, 30-second update window, 5-minute retry window, viewer
   * role, no auto-declare, no chat senders.
   */
  public static AlertSettings defaults() {
    return new AlertSettings(
        DEFAULT_TRIAGE_WINDOW,
        DEFAULT_UPDATE_WINDOW,
        DEFAULT_RETRY_WINDOW,
        Set.of(dev.incidentbot.chat.Roles.VIEWER),
        "severity",
        Map.of(),
        Set.of(),
        DEFAULT_WORKERS,
        DEFAULT_QUEUE_CAPACITY);
  }
}
