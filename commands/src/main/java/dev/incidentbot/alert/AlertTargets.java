package dev.incidentbot.alert;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which configured Redis targets an alert group is about: every configured {@link TargetMatcher}
 * that matches one of its alerts, plus the target named by the target label ({@code redis_target})
 * when it names a configured one. When labels say nothing, a configured target name written as a
 * word in the group's name counts, and with a single configured target, that one.
 *
 * <p>Immutable and thread-safe.
 */
public final class AlertTargets {
  private final List<TargetMatcher> matchers;
  private final String targetLabel;
  private final List<String> known;

  /**
   * @param matchers configured matchers, in config order
   * @param targetLabel the label whose value may name a target directly, or null for none
   * @param known the configured target names
   */
  public AlertTargets(List<TargetMatcher> matchers, String targetLabel, List<String> known) {
    this.matchers = List.copyOf(matchers);
    this.targetLabel = targetLabel;
    this.known = List.copyOf(known);
  }

  /** The targets {@code n} is about, in a stable order; empty when nothing maps. */
  public List<String> targetsFor(AlertNotification n) {
    Set<String> found = new LinkedHashSet<>();
    List<Alert> alerts = n.firing().isEmpty() ? n.alerts() : n.firing();
    for (Alert alert : alerts) {
      found.addAll(labelled(alert));
    }
    if (found.isEmpty()) {
      for (String name : known) {
        if (mentions(n.groupName(), name)
            || n.alerts().stream().anyMatch(a -> mentions(a.summary(), name))) {
          found.add(name);
        }
      }
    }
    if (found.isEmpty() && known.size() == 1) {
      found.add(known.get(0));
    }
    return List.copyOf(found);
  }

  /**
   * The targets one alert's labels name (matchers and the target label), in a stable order: what a
   * large group keeps one alert of per distinct answer when it is summarised.
   */
  public Set<String> labelled(Alert alert) {
    Set<String> found = new LinkedHashSet<>();
    for (TargetMatcher m : matchers) {
      if (m.matches(alert)) {
        found.add(m.target());
      }
    }
    String named = targetLabel == null ? null : alert.label(targetLabel);
    if (named != null && known.contains(named)) {
      found.add(named);
    }
    return found;
  }

  private static boolean mentions(String text, String name) {
    return Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(text).find();
  }
}
