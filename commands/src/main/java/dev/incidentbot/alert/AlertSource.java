package dev.incidentbot.alert;

/** Where a notification came from and in which format. */
public enum AlertSource {
  /** Alertmanager's webhook receiver, payload version 4, posted to the bot's HTTP port. */
  ALERTMANAGER_WEBHOOK("alertmanager"),
  /** A message Alertmanager's {@code discord_configs} receiver posted in an alert channel. */
  ALERTMANAGER_DISCORD("alertmanager"),
  /** A message Grafana's Discord contact point posted in an alert channel. */
  GRAFANA_DISCORD("grafana"),
  /** Any other message with a {@code [FIRING]} or {@code [RESOLVED]} tag. */
  GENERIC_MESSAGE("alert-message");

  private final String actorName;

  AlertSource(String actorName) {
    this.actorName = actorName;
  }

  /** The automated actor's name in the audit log and the timeline. */
  public String actorName() {
    return actorName;
  }
}
