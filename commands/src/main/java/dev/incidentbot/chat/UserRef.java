package dev.incidentbot.chat;

import java.util.Objects;

/**
 * A person named in an option of type {@link OptionSpec.Type#USER}. Adapters pass the chosen member
 * as {@code name|id} (Discord: display name and user id); the console passes a configured user
 * name, which is both name and id there.
 *
 * @param id the platform id, used for mentions
 * @param name the display name, safe to show
 */
public record UserRef(String id, String name) {
  public UserRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }

  /** Reads an option value written as {@code name|id} or just {@code name}. */
  public static UserRef parse(String value) {
    String v = value.strip();
    int bar = v.lastIndexOf('|');
    if (bar > 0 && bar < v.length() - 1) {
      return new UserRef(v.substring(bar + 1).strip(), v.substring(0, bar).strip());
    }
    if (v.isEmpty()) {
      throw new UserFacingException("name a person, like user:alice");
    }
    return new UserRef(v, v);
  }

  /** The actor as a reference. */
  public static UserRef of(Actor actor) {
    return new UserRef(actor.id(), actor.name());
  }

  /** The option value for this person. */
  public String format() {
    return id.equals(name) ? id : name + "|" + id;
  }
}
