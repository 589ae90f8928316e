package dev.incidentbot.redis;

import dev.incidentbot.chat.UserFacingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured targets, looked up by name with errors that list the names that do exist. */
public final class Targets {
  private final Map<String, Target> byName = new LinkedHashMap<>();

  public Targets(List<Target> targets) {
    for (Target t : targets) {
      if (byName.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("duplicate target name '" + t.name() + "'");
      }
    }
  }

  public List<Target> all() {
    return List.copyOf(byName.values());
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The target called {@code name}, or when none is given and exactly one is configured, that one.
   *
   * @throws UserFacingException naming the known targets
   */
  public Target require(Optional<String> name) {
    if (name.isEmpty()) {
      if (byName.size() == 1) {
        return byName.values().iterator().next();
      }
      throw new UserFacingException("Which target? Add target:<name>; known: " + known() + ".");
    }
    Target t = byName.get(name.get());
    if (t == null) {
      String hint =
          byName.keySet().stream()
              .filter(n -> n.equalsIgnoreCase(name.get()))
              .map(n -> "did you mean target:" + n + "? ")
              .findFirst()
              .orElse("");
      throw new UserFacingException(
          "target '" + name.get() + "' is not configured; " + hint + "known: " + known() + ".");
    }
    return t;
  }

  private String known() {
    return byName.isEmpty() ? "none" : String.join(", ", byName.keySet());
  }
}
