package dev.incidentbot.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One PostgreSQL server per test class, started when the first PostgreSQL case asks for it (a run
 * of a class's H2 cases alone starts none) and stopped after the class. Tests stay isolated by
 * database: each test (or each bot) gets its own ({@link #createDatabase}), never a shared one. Use
 * as {@code @RegisterExtension static final SharedPostgres pg = new SharedPostgres();}.
 *
 * <p>Not for tests that stop or restart the server (an outage): they start their own {@link
 * PostgresServer}.
 */
public final class SharedPostgres implements AfterAllCallback {
  private PostgresServer server;

  /** The class's server, started on first use. */
  public synchronized PostgresServer server() {
    if (server == null) {
      server = PostgresServer.start();
    }
    return server;
  }

  /**
   * Creates a new database on the class's server, named {@code prefix} and a unique suffix, and
   * returns its JDBC URL.
   */
  public String createDatabase(String prefix) {
    return server().createDatabase(prefix + "_" + Long.toString(System.nanoTime(), 36));
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
