package dev.incidentbot.alert;

import dev.incidentbot.chat.Button;
import java.util.List;
import java.util.Optional;

/**
 * Port: what people can do about an alert group from its messages, kept apart from intake so that
 * the responder knows no Alertmanager API: remembering each firing notification's labels (what a
 * silence would match), the buttons under the alert message and triage, and who took the group. A
 * failure here never stops a notification from being handled. {@link #NONE} when not wired.
 */
public interface AlertGroupActions {

  /** Nothing to do: no buttons, nobody takes a group. */
  AlertGroupActions NONE =
      new AlertGroupActions() {
        @Override
        public void seen(AlertNotification n) {}

        @Override
        public List<Button> buttons(String groupRef) {
          return List.of();
        }

        @Override
        public Optional<String> takenBy(String groupKey) {
          return Optional.empty();
        }
      };

  /** Called for every notification before it is handled. */
  void seen(AlertNotification n);

  /** The buttons for a group, which its thread or key ({@code groupRef}) identifies. */
  List<Button> buttons(String groupRef);

  /** The name of who acknowledged the group, if anyone. */
  Optional<String> takenBy(String groupKey);
}
