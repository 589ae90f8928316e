package dev.incidentbot.bot.endtoend;

/** The bot's two chat adapters, for tests parameterised over both. */
public enum Adapter {
  CONSOLE("console"),
  DISCORD("Discord");

  private final String label;

  Adapter(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
