package dev.incidentbot.chat;

import java.util.Objects;

/** A named value in a reply; inline fields may be laid out side by side. */
public record Field(String name, String value, boolean inline) {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
