package dev.incidentbot.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One shared {@link RedisServer} per test class, plus any extra servers a test asks for; all are
 * killed after the class. Use as {@code @RegisterExtension static final RedisExtension redis = new
 * RedisExtension();}. Tests that break their server (kill, fill, pause) should use {@link #extra}.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {
  private final String[] args;
  private final List<RedisServer> started = new ArrayList<>();
  private RedisServer shared;

  public RedisExtension(String... args) {
    this.args = args;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    shared = RedisServer.start(args);
    started.add(shared);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    synchronized (started) {
      started.forEach(RedisServer::close);
      started.clear();
    }
  }

  /** The class's shared server. */
  public RedisServer server() {
    return shared;
  }

  /** A server of the test's own, killed after the class. */
  public RedisServer extra(String... extraArgs) {
    RedisServer server = RedisServer.start(extraArgs);
    synchronized (started) {
      started.add(server);
    }
    return server;
  }
}
