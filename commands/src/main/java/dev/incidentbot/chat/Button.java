package dev.incidentbot.chat;

import java.util.Objects;

/** A button under a reply; pressing it runs its {@link Action}. */
public record Button(String label, Style style, Action action) {

  /** How a button looks; adapters map these to their platform's styles. */
  public enum Style {
    PRIMARY,
    SECONDARY,
    SUCCESS,
    DANGER
  }

  public Button {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(action, "action");
  }
}
