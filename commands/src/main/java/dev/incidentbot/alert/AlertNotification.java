package dev.incidentbot.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One notification about one alert group, whatever its source.
 *
 * @param source where it came from
 * @param groupKey what identifies the group across notifications: Alertmanager's {@code groupKey}
 *     for webhooks; for chat messages the source plus the alert name and group-label part of the
 *     title (never the parenthesised common labels, which change as alerts resolve)
 * @param groupName short human name of the group ("RedisDown orders"), used for the thread name
 * @param status the group's status: firing while any alert in it fires
 * @param alerts the alerts it lists; may be empty for formats that list none
 * @param commonLabels labels every alert shares (Alertmanager's commonLabels, or computed)
 * @param deliveryKey identifies this very delivery: a retry of it carries the same key
 * @param state a short digest of which alerts fire and which are resolved, over every alert of the
 *     group including those not listed: equal for two notifications that say the same thing, so a
 *     repeat that changes nothing stays quiet; null computes it from {@code alerts}
 * @param moreFiring firing alerts of the group not listed in {@code alerts} (a large group is
 *     summarised, see {@link #summarised}; Alertmanager's {@code truncatedAlerts})
 * @param moreResolved resolved alerts of the group not listed in {@code alerts}
 */
public record AlertNotification(
    AlertSource source,
    String groupKey,
    String groupName,
    AlertStatus status,
    List<Alert> alerts,
    Map<String, String> commonLabels,
    String deliveryKey,
    String state,
    int moreFiring,
    int moreResolved) {

  public AlertNotification {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(status, "status");
    alerts = List.copyOf(alerts);
    commonLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(commonLabels));
    Objects.requireNonNull(deliveryKey, "deliveryKey");
    state = state != null ? state : stateOf(status, alerts);
    if (moreFiring < 0 || moreResolved < 0) {
      throw new IllegalArgumentException("moreFiring and moreResolved must not be negative");
    }
  }

  /** A notification that lists every alert of its group. */
  public AlertNotification(
      AlertSource source,
      String groupKey,
      String groupName,
      AlertStatus status,
      List<Alert> alerts,
      Map<String, String> commonLabels,
      String deliveryKey) {
    this(source, groupKey, groupName, status, alerts, commonLabels, deliveryKey, null, 0, 0);
  }

  /** The listed alerts that fire. */
  public List<Alert> firing() {
    return alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
  }

  /** The listed alerts that are resolved. */
  public List<Alert> resolved() {
    return alerts.stream().filter(a -> a.status() == AlertStatus.RESOLVED).toList();
  }

  /** Firing alerts in the group, listed or not. */
  public int firingCount() {
    return firing().size() + moreFiring;
  }

  /** Resolved alerts in the group, listed or not. */
  public int resolvedCount() {
    return resolved().size() + moreResolved;
  }

  /** Alerts of the group that are counted but not listed. */
  public int unlisted() {
    return moreFiring + moreResolved;
  }

  /**
   * This notification listing at most about {@code keep} alerts: the first {@code keep}, plus the
   * first alert beyond them for each key of {@code keyOf} (the targets an alert maps to, say) that
   * none kept has, up to {@code keep} more; the rest are counted, not listed. Its state and
   * delivery key stay those of the whole group.
   */
  public AlertNotification summarised(int keep, Function<Alert, ?> keyOf) {
    if (alerts.size() <= keep) {
      return this;
    }
    var kept = new ArrayList<>(alerts.subList(0, keep));
    var keys = new HashSet<Object>();
    kept.forEach(a -> keys.add(List.of(a.status(), keyOf.apply(a))));
    int extra = 0;
    int firingLeft = moreFiring;
    int resolvedLeft = moreResolved;
    for (Alert a : alerts.subList(keep, alerts.size())) {
      if (extra < keep && keys.add(List.of(a.status(), keyOf.apply(a)))) {
        kept.add(a);
        extra++;
      } else if (a.status() == AlertStatus.FIRING) {
        firingLeft++;
      } else {
        resolvedLeft++;
      }
    }
    return new AlertNotification(
        source,
        groupKey,
        groupName,
        status,
        kept,
        commonLabels,
        deliveryKey,
        state,
        firingLeft,
        resolvedLeft);
  }

  /** The value of {@code label} shared by the group: common label, else the first alert's. */
  public String label(String label) {
    String common = commonLabels.get(label);
    if (common != null) {
      return common;
    }
    return alerts.stream()
        .map(a -> a.label(label))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String stateOf(AlertStatus status, List<Alert> alerts) {
    var parts = new StringBuilder(status.name());
    alerts.stream()
        .map(a -> a.identity() + "=" + a.status())
        .sorted()
        .forEach(p -> parts.append('|').append(p));
    return digest(parts.toString()).substring(0, 32);
  }

  /**
   * The delivery key of a webhook notification: the same group, status and alerts (identity, status
   * and start time) give the same key, so a retried delivery is recognised.
   */
  public static String contentKey(String groupKey, AlertStatus status, List<Alert> alerts) {
    var parts = new StringBuilder(groupKey).append('|').append(status);
    alerts.stream()
        .map(a -> a.identity() + "=" + a.status() + "@" + a.startsAt())
        .sorted()
        .forEach(p -> parts.append('|').append(p));
    return "content:" + digest(parts.toString());
  }

  /** Labels every alert in {@code alerts} has with the same value. */
  public static Map<String, String> common(List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return Map.of();
    }
    var common = new TreeMap<>(alerts.get(0).labels());
    for (Alert a : alerts.subList(1, alerts.size())) {
      common.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
    }
    return common;
  }

  static String digest(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
