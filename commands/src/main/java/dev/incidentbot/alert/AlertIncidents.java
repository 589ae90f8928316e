package dev.incidentbot.alert;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Button;
import java.util.Optional;

/**
 * Port: how alert intake meets incidents, so this package does not depend on how incidents are
 * kept. The bot implements it over the incident commands and store; {@link #NONE} when incidents
 * are not wired.
 */
public interface AlertIncidents {

  /** No incidents: nothing is declared, no group has an incident. */
  AlertIncidents NONE =
      new AlertIncidents() {
        @Override
        public Optional<String> declare(
            AlertGroup group, AlertNotification n, String severity, Actor actor) {
          return Optional.empty();
        }

        @Override
        public Optional<String> openIncident(AlertGroup group) {
          return Optional.empty();
        }

        @Override
        public Optional<Button> resolveButton(String incidentId) {
          return Optional.empty();
        }
      };

  /**
   * Declares an incident of {@code severity} for a new group, through the router as {@code actor}.
   *
   * @return the new incident's id, or empty when none was declared
   */
  Optional<String> declare(AlertGroup group, AlertNotification n, String severity, Actor actor);

  /** The open incident of the group: the one declared for it, or one on the same targets. */
  Optional<String> openIncident(AlertGroup group);

  /** The button that resolves {@code incidentId}, offered when its alert group resolves. */
  Optional<Button> resolveButton(String incidentId);
}
