package dev.incidentbot.bot.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.bot.config.HttpSettings;
import dev.incidentbot.bot.metrics.BotMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's HTTP server: the Alertmanager webhook (only when a token is configured), {@code
 * /healthz} and {@code /metrics}. Everything else is 404.
 *
 * <p>Started once by the bot after its chat adapter is ready; {@link #close} stops it, waiting a
 * second for answers in flight. Requests are served on a small pool of its own.
 */
public final class BotHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BotHttpServer.class);
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService pool;

  private BotHttpServer(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /**
   * Listens on the configured address and port.
   *
   * @param webhookToken the bearer token for the webhook; empty leaves the webhook off
   * @throws UncheckedIOException when the port cannot be opened (in use, not allowed)
   */
  public static BotHttpServer start(
      HttpSettings settings,
      Optional<String> webhookToken,
      AlertIntake intake,
      List<HealthProbe> probes,
      BotMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.address(), settings.port()), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + settings.address() + ":" + settings.port(), e);
    }
    var guard = new Guard(metrics);
    webhookToken.ifPresent(
        token ->
            server.createContext(
                AlertmanagerWebhook.PATH,
                guard.exactly(AlertmanagerWebhook.PATH, new AlertmanagerWebhook(token, intake))));
    server.createContext(
        HealthEndpoint.PATH, guard.exactly(HealthEndpoint.PATH, new HealthEndpoint(probes)));
    server.createContext(
        MetricsEndpoint.PATH, guard.exactly(MetricsEndpoint.PATH, new MetricsEndpoint(metrics)));
    server.createContext("/", guard.wrap(BotHttpServer::notFound));
    var threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.start();
    log.info(
        "HTTP on {}:{} (webhook {})",
        settings.address(),
        server.getAddress().getPort(),
        webhookToken.isPresent() ? "on" : "off: no alerts.token");
    return new BotHttpServer(server, pool);
  }

  /** The port it listens on (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    pool.shutdown();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpResponses.json(
          exchange,
          404,
          Map.of(
              "error",
              "no such path; try "
                  + AlertmanagerWebhook.PATH
                  + ", "
                  + HealthEndpoint.PATH
                  + " or "
                  + MetricsEndpoint.PATH));
    }
  }

  /** Turns an unexpected failure into a logged 500 and an error count, never a dropped socket. */
  private record Guard(BotMetrics metrics) {
    /** Contexts match by prefix; this one answers only {@code path} itself. */
    HttpHandler exactly(String path, HttpHandler handler) {
      return wrap(
          exchange -> {
            if (path.equals(exchange.getRequestURI().getPath())) {
              handler.handle(exchange);
            } else {
              notFound(exchange);
            }
          });
    }

    HttpHandler wrap(HttpHandler handler) {
      return exchange -> {
        try {
          handler.handle(exchange);
        } catch (RuntimeException | IOException e) {
          metrics.error("http");
          log.error("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
          try (exchange) {
            HttpResponses.json(exchange, 500, Map.of("error", "internal error; see the bot's log"));
          } catch (IOException | RuntimeException ignored) {
            // the answer may already be under way; the log has the failure
          }
        }
      };
    }
  }
}
