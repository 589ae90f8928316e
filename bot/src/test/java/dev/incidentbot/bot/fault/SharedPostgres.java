package dev.incidentbot.bot.fault;

import dev.incidentbot.testing.PostgresServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One PostgreSQL server per fault test class, started when the first PostgreSQL case asks for it (a
 * run of the H2 cases alone starts none) and stopped after the class; each bot gets its own
 * database on it ({@link BotProcess.Builder#database}). Use as {@code @RegisterExtension static
 * final SharedPostgres pg = new SharedPostgres();}.
 */
final class SharedPostgres implements AfterAllCallback {
  private PostgresServer server;

  /** The class's server, started on first use. */
  synchronized PostgresServer server() {
    if (server == null) {
      server = PostgresServer.start();
    }
    return server;
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
