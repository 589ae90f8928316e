package dev.incidentbot.chat;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person named in an option of type {@link OptionSpec.Type#USER}. Adapters pass the chosen member
 * as {@code name|id} (Discord: display name and user id); the console passes a configured user
 * name, which is both name and id there.
 *
 * @param id the platform id, used for mentions
 * @param name the display name, safe to show
 */
public record UserRef(String id, String name) {
  private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

  public UserRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Whether {@code id} is a plain platform id (letters, digits, {@code _ . : -}): never markup such
   * as {@code <@&role>} or {@code @everyone}, so mentioning it mentions one person only.
   */
  public static boolean isPlainId(String id) {
    return PLAIN_ID.matcher(id).matches();
  }

  /** Reads an option value written as {@code name|id} or just {@code name}. */
  public static UserRef parse(String value) {
    String v = value.strip();
    int bar = v.lastIndexOf('|');
    UserRef ref =
        bar > 0 && bar < v.length() - 1
            ? new UserRef(v.substring(bar + 1).strip(), v.substring(0, bar).strip())
            : new UserRef(v, v);
    if (!isPlainId(ref.id())) {
      throw new UserFacingException("'" + value + "' is not a person; name one, like user:alice");
    }
    return ref;
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
