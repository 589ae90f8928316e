package dev.incidentbot.recovery;

import dev.incidentbot.chat.Field;
import java.util.List;
import java.util.Objects;

/**
 * What the target of an action that was interrupted (the bot stopped while it ran) shows now,
 * measured by the action itself when the bot finds it at start-up: the keys still matching a purge,
 * the clients still matching a kill, the value a CONFIG SET left in force.
 *
 * @param now one line, read after "now: " ("≈ 143,210 keys still match cache:*")
 * @param evidence the measurements, in order
 */
public record Interruption(String now, List<Field> evidence) {

  public Interruption {
    Objects.requireNonNull(now, "now");
    evidence = List.copyOf(evidence);
  }

  /** Nothing could be measured; {@code why} says what is unknown and how to find out. */
  public static Interruption unknown(String why) {
    return new Interruption(why, List.of());
  }
}
