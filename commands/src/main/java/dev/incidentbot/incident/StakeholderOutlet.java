package dev.incidentbot.incident;

/**
 * Port: places other than chat where stakeholder updates go, such as webhooks. Implementations
 * return at once and deliver in the background, logging failures; an unreachable outlet never
 * delays or fails the chat update. Thread-safe.
 */
public interface StakeholderOutlet {

  /** No outlets configured. */
  StakeholderOutlet NONE = (incident, update, message) -> {};

  /**
   * Hands over an update that was just posted.
   *
   * @param incident the incident after the update
   * @param update the update as given
   * @param message the update as rendered from the template: its subject, and the plain text made
   *     from the same reply chat got
   */
  void publish(Incident incident, StatusUpdate update, StatusUpdateMessage message);
}
