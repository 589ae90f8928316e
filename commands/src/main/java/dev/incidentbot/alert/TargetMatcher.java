package dev.incidentbot.alert;

import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Maps alerts to a Redis target by their labels: every label named here must be present with a
 * matching value, where {@code *} in a value stands for any run of characters ({@code 10.0.0.5:*}).
 *
 * @param target the configured target's name
 * @param labels label name to value pattern; at least one
 */
public record TargetMatcher(String target, Map<String, String> labels) {

  public TargetMatcher {
    Objects.requireNonNull(target, "target");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a matcher needs at least one label");
    }
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  public boolean matches(Alert alert) {
    for (var e : labels.entrySet()) {
      String value = alert.label(e.getKey());
      if (value == null || !glob(e.getValue()).matcher(value).matches()) {
        return false;
      }
    }
    return true;
  }

  private static Pattern glob(String pattern) {
    var regex = new StringJoiner(".*");
    for (String part : pattern.split("\\*", -1)) {
      regex.add(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
