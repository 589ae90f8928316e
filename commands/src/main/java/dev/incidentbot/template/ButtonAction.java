package dev.incidentbot.template;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import java.util.Objects;

/**
 * What a button named in a reply template does, supplied by the code: the template decides the
 * label and whether the button is shown, the code its style and action.
 */
public record ButtonAction(Button.Style style, Action action) {
  public ButtonAction {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(action, "action");
  }
}
