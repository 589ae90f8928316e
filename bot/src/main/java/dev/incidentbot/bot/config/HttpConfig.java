package dev.incidentbot.bot.config;

/**
 * {@code http:}: the bot's HTTP port for the Alertmanager webhook, {@code /healthz} and {@code
 * /metrics}. With no {@code http:} section the bot opens no port.
 *
 * @param address the address to listen on (default 127.0.0.1: loopback only)
 * @param port the port (default 8080; 0 picks a free one)
 */
public record HttpConfig(String address, Integer port) {
  public static final String DEFAULT_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
}
