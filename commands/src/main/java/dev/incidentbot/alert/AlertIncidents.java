package dev.incidentbot.alert;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Reply;
import java.util.Optional;

/**
 * Port: how alert intake meets incidents, kept narrow so the responder does not depend on how
 * incidents are stored. {@link IncidentsForAlerts} implements it over the router and the incident
 * store; {@link #NONE} when incidents are not wired.
 */
public interface AlertIncidents {

  /** A declared incident and what the declaration said, for the alert thread. */
  record Declaration(String incidentId, Reply reply) {}

  /** No incidents: nothing is declared, nothing to resolve. */
  AlertIncidents NONE =
      new AlertIncidents() {
        @Override
        public Optional<Declaration> declare(
            AlertGroup group, AlertNotification n, String severity, Actor actor) {
          return Optional.empty();
        }

        @Override
        public Optional<Button> resolveButton(AlertGroup group) {
          return Optional.empty();
        }
      };

  /**
   * Declares an incident of {@code severity} for a new group, as {@code actor} through the router.
   *
   * @return the declaration, or empty when nothing was declared (no incident commands, refused)
   */
  Optional<Declaration> declare(
      AlertGroup group, AlertNotification n, String severity, Actor actor);

  /**
   * The button that resolves the group's open incident (the one declared for it, else the newest
   * open one on its targets), offered when the group resolves; empty when there is none.
   */
  Optional<Button> resolveButton(AlertGroup group);
}
