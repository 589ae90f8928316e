package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Risk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far a silence reaches, and so how risky it is. Refused outright: no matchers, matchers that
 * all match an empty label (Alertmanager refuses those too), matchers that all match any value, or
 * matchers that would silence every alert Alertmanager has now while reaching beyond the group.
 * High risk (a second person confirms): regular-expression or negative matchers, matchers that
 * leave out one of the group's labels or silence alerts outside the group now, or a silence longer
 * than {@link #LONG}. Anything else silences only the group, for a while: low.
 */
public final class SilenceScope {
  /** Longer than this is high risk. */
  public static final Duration LONG = Duration.ofHours(24);

  private static final List<String> ANY_VALUES = List.of("x", "RedisDown", "zz-9 / ?", "0");

  private SilenceScope() {}

  /**
   * The risk of a silence.
   *
   * @param risk low or high
   * @param reason why, one sentence
   * @param outside alerts it would silence now that are not the group's
   */
  public record Assessment(Risk risk, String reason, List<LiveAlert> outside) {}

  /**
   * Judges {@code matchers} against the group's {@code labels}, for {@code length}, given the
   * alerts they match now ({@code matched}) and every alert Alertmanager has ({@code all}).
   *
   * @throws UserFacingException when the silence would match everything
   */
  public static Assessment assess(
      List<LabelMatcher> matchers,
      Map<String, String> labels,
      Duration length,
      List<LiveAlert> matched,
      List<LiveAlert> all) {
    refuseEverything(matchers);
    List<LiveAlert> outside = matched.stream().filter(a -> !inGroup(a.labels(), labels)).toList();
    refuseSilencingAll(matchers, matched, all, outside);
    List<String> reasons = highRiskReasons(matchers, labels, length, outside);
    if (reasons.isEmpty()) {
      return new Assessment(
          Risk.LOW,
          "only this group's alerts, for a limited time; Unsilence ends it at once",
          outside);
    }
    return new Assessment(Risk.HIGH, String.join("; ", reasons), outside);
  }

  /**
   * Refuses matchers that match every alert Alertmanager has now ({@code all}) when some of them
   * ({@code outside}) are not the group's.
   */
  private static void refuseSilencingAll(
      List<LabelMatcher> matchers,
      List<LiveAlert> matched,
      List<LiveAlert> all,
      List<LiveAlert> outside) {
    if (!all.isEmpty() && matched.size() >= all.size() && !outside.isEmpty()) {
      throw new UserFacingException(
          "Refused: "
              + LabelMatcher.text(matchers)
              + " would silence every alert Alertmanager has now ("
              + all.size()
              + "), not only this group's. Nothing was planned.");
    }
  }

  /** Why the silence is high risk, one clause per reason; empty when it is low risk. */
  private static List<String> highRiskReasons(
      List<LabelMatcher> matchers,
      Map<String, String> labels,
      Duration length,
      List<LiveAlert> outside) {
    var reasons = new ArrayList<String>();
    List<String> regex =
        matchers.stream().filter(m -> m.op().regex()).map(LabelMatcher::text).toList();
    if (!regex.isEmpty()) {
      reasons.add("regex matchers (" + String.join(", ", regex) + ")");
    }
    List<String> negative =
        matchers.stream()
            .filter(m -> m.op() == LabelMatcher.Op.NOT_EQUAL)
            .map(LabelMatcher::text)
            .toList();
    if (!negative.isEmpty()) {
      reasons.add("negative matchers (" + String.join(", ", negative) + ")");
    }
    List<String> leftOut = leftOut(matchers, labels);
    if (!leftOut.isEmpty()) {
      reasons.add("it matches more than the group: it leaves out " + String.join(", ", leftOut));
    }
    if (!outside.isEmpty()) {
      reasons.add(
          "it would also silence "
              + outside.size()
              + (outside.size() == 1 ? " alert" : " alerts")
              + " outside this group now");
    }
    if (length.compareTo(LONG) > 0) {
      reasons.add("it lasts longer than 24 h");
    }
    return reasons;
  }

  /** The group's labels no equality matcher pins, as {@code name="value"}. */
  private static List<String> leftOut(List<LabelMatcher> matchers, Map<String, String> labels) {
    return labels.entrySet().stream()
        .filter(
            e ->
                matchers.stream()
                    .noneMatch(
                        m ->
                            m.op() == LabelMatcher.Op.EQUAL
                                && m.name().equals(e.getKey())
                                && m.value().equals(e.getValue())))
        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
        .toList();
  }

  /** Refuses matchers that would match every alert whatever Alertmanager holds. */
  static void refuseEverything(List<LabelMatcher> matchers) {
    if (matchers.isEmpty()) {
      throw new UserFacingException(
          "Refused: a silence without matchers would silence every alert. Nothing was planned.");
    }
    if (matchers.stream().allMatch(m -> m.matchesValue(""))) {
      throw new UserFacingException(
          "Refused: every matcher of "
              + LabelMatcher.text(matchers)
              + " matches an empty label, so the silence would reach alerts without those labels"
              + " (Alertmanager refuses such silences too). Nothing was planned.");
    }
    if (matchers.stream().allMatch(m -> ANY_VALUES.stream().allMatch(m::matchesValue))) {
      throw new UserFacingException(
          "Refused: "
              + LabelMatcher.text(matchers)
              + " matches any value, so the silence would silence every alert. Nothing was"
              + " planned.");
    }
  }

  /** Whether an alert with {@code alertLabels} carries every label of the group. */
  static boolean inGroup(Map<String, String> alertLabels, Map<String, String> groupLabels) {
    return groupLabels.entrySet().stream()
        .allMatch(e -> e.getValue().equals(alertLabels.get(e.getKey())));
  }
}
