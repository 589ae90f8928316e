package dev.incidentbot.redis;

/** How a target is deployed. */
public enum Mode {
  STANDALONE,
  SENTINEL,
  CLUSTER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
