package dev.incidentbot.bot.http;

import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.bot.config.HttpSettings;
import dev.incidentbot.bot.metrics.BotMetrics;
import dev.incidentbot.bot.store.DatabaseUnavailableException;
import dev.incidentbot.bot.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's HTTP server: the Alertmanager webhook (only when a token is configured), {@code
 * /healthz} and {@code /metrics}. Everything else is 404; every answer, errors included, is JSON
 * (or Prometheus text), never an empty reply.
 *
 * <p><b>Why Jetty.</b> The JDK's built-in server gave each connection a worker thread from the
 * moment it was accepted, with no read timeout: four idle connections took all four workers and
 * {@code /healthz} stopped answering. Jetty (12, core API, no servlets) reads without blocking, so
 * a connection that is slow to send its header or body holds no thread while it waits; a thread is
 * taken only to run an endpoint once its request is in.
 *
 * <p><b>Limits</b>, so slow, idle and many clients cannot stop the port:
 *
 * <ul>
 *   <li>idle timeout {@link #IDLE_TIMEOUT}: a connection that sends nothing for that long is closed
 *       (a stalled body is answered 408 first);
 *   <li>request line and headers within {@link #HEADER_TIMEOUT} of their first byte ({@link
 *       HeaderDeadline}), at most {@link #MAX_HEADER_BYTES} (431 above);
 *   <li>a webhook body within {@link #BODY_TIMEOUT} of its headers (408 and the connection closed
 *       otherwise: a byte-a-second body is cut), at most 1 MiB (413, the excess read and dropped);
 *   <li>at most {@link #MAX_CONNECTIONS} open connections: past it the server stops accepting until
 *       some close (they wait in the listen backlog) and idle ones are closed sooner;
 *   <li>a pool of at most {@link #MAX_THREADS} threads, running endpoints only (its queue is
 *       bounded by the connection limit).
 * </ul>
 *
 * <p>Any exception in an endpoint becomes a logged JSON answer and an error count: 503 with {@code
 * Retry-After} when the bot's database failed (Alertmanager retries), else 500.
 *
 * <p>Started once by the bot after its chat adapter is ready; {@link #close} stops it, giving
 * answers in flight a second.
 */
public final class BotHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BotHttpServer.class);

  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
  static final Duration BODY_TIMEOUT = Duration.ofSeconds(20);
  static final int MAX_HEADER_BYTES = 8 * 1024;
  static final int MAX_CONNECTIONS = 1_000;
  static final int MAX_THREADS = 32;
  private static final int MIN_THREADS = 4;

  /** While at the connection limit, connections idle this long are closed. */
  private static final Duration CROWDED_IDLE_TIMEOUT = Duration.ofSeconds(2);

  private static final int ACCEPT_BACKLOG = 128;
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);
  private static final String RETRY_AFTER_SECONDS = "5";

  private final Server server;
  private final ServerConnector connector;
  private final GracefulHandler graceful;

  private BotHttpServer(Server server, ServerConnector connector, GracefulHandler graceful) {
    this.server = server;
    this.connector = connector;
    this.graceful = graceful;
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
    return start(settings, webhookToken, intake, probes, metrics, () -> null);
  }

  /**
   * Listens on the configured address and port; {@code /healthz} also says this instance's role
   * ("leader", "standby"; null leaves it out).
   *
   * @param webhookToken the bearer token for the webhook; empty leaves the webhook off
   * @throws UncheckedIOException when the port cannot be opened (in use, not allowed)
   */
  public static BotHttpServer start(
      HttpSettings settings,
      Optional<String> webhookToken,
      AlertIntake intake,
      List<HealthProbe> probes,
      BotMetrics metrics,
      java.util.function.Supplier<String> role) {
    // Jetty advises against a bounded queue; the connection limit bounds it (a connection has at
    // most one task waiting)
    var pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
    pool.setName("http");
    pool.setDaemon(true);
    // daemon threads throughout, as before: the HTTP port never keeps the JVM alive
    var server = new Server(pool, new ScheduledExecutorScheduler("http-timer", true), null);
    var config = new HttpConfiguration();
    config.setRequestHeaderSize(MAX_HEADER_BYTES);
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    var connector = new ServerConnector(server, 1, 1, new HeaderDeadline(config, HEADER_TIMEOUT));
    connector.setHost(settings.address());
    connector.setPort(settings.port());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setAcceptQueueSize(ACCEPT_BACKLOG);
    server.addConnector(connector);
    var limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
    limit.setEndPointIdleTimeout(CROWDED_IDLE_TIMEOUT.toMillis());
    server.addBean(limit);
    var routes =
        new Routes(
            webhookToken.map(token -> new AlertmanagerWebhook(token, intake)).orElse(null),
            new HealthEndpoint(probes, role),
            new MetricsEndpoint(metrics),
            metrics);
    var graceful = new GracefulHandler(routes);
    server.setHandler(graceful);
    server.setErrorHandler(new JsonErrors());
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      throw new UncheckedIOException(
          "cannot listen on " + settings.address() + ":" + settings.port(),
          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
    }
    log.info(
        "HTTP on {}:{} (webhook {})",
        settings.address(),
        connector.getLocalPort(),
        webhookToken.isPresent() ? "on" : "off: no alerts.token");
    return new BotHttpServer(server, connector, graceful);
  }

  /** The port it listens on (useful when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops: requests being answered get {@link #STOP_GRACE} to finish, new ones a 503. */
  @Override
  public void close() {
    try {
      graceful.shutdown().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.info("HTTP answers still in flight after {} ms; stopping anyway", STOP_GRACE.toMillis());
    } catch (ExecutionException e) {
      log.debug("HTTP graceful stop failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the HTTP server failed", e);
    }
  }

  /** Writes an answer: its status, headers, a length and (except for HEAD) the body. */
  private static void send(
      Request request, Response response, Callback callback, HttpAnswer answer) {
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    answer.headers().forEach(headers::put);
    headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(answer.body()), callback);
  }

  /**
   * The answer to an endpoint's exception: 503 with {@code Retry-After} when the bot's database
   * failed (the caller should retry), else 500. Neither shows the exception: the log has it.
   */
  static HttpAnswer failure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StoreException
          || t instanceof DatabaseUnavailableException
          || t instanceof SQLException) {
        return HttpResponses.json(
                503, Map.of("error", "the bot's database is unavailable; retry later"))
            .with("Retry-After", RETRY_AFTER_SECONDS);
      }
    }
    return HttpResponses.json(500, Map.of("error", "internal error; see the bot's log"));
  }

  /** Routes by exact path and turns an endpoint's exception into an answer. */
  private static final class Routes extends Handler.Abstract {
    private final AlertmanagerWebhook webhook;
    private final HealthEndpoint health;
    private final MetricsEndpoint metricsEndpoint;
    private final BotMetrics metrics;

    Routes(
        AlertmanagerWebhook webhook,
        HealthEndpoint health,
        MetricsEndpoint metricsEndpoint,
        BotMetrics metrics) {
      this.webhook = webhook;
      this.health = health;
      this.metricsEndpoint = metricsEndpoint;
      this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Objects.toString(request.getHttpURI().getPath(), "");
      String method = request.getMethod();
      try {
        if (path.equals(HealthEndpoint.PATH)) {
          send(request, response, callback, health.answer(method));
        } else if (path.equals(MetricsEndpoint.PATH)) {
          send(request, response, callback, metricsEndpoint.answer(method));
        } else if (path.equals(AlertmanagerWebhook.PATH) && webhook != null) {
          webhook(request, response, callback);
        } else {
          send(request, response, callback, notFound());
        }
      } catch (RuntimeException e) {
        failed(request, response, callback, e);
      }
      return true;
    }

    private void webhook(Request request, Response response, Callback callback) {
      Optional<HttpAnswer> early =
          webhook.beforeBody(
              request.getMethod(), request.getHeaders().get(HttpHeader.AUTHORIZATION));
      if (early.isPresent()) {
        send(request, response, callback, early.get());
        return;
      }
      BodyReader.read(
          request,
          AlertmanagerWebhook.MAX_BODY,
          AlertmanagerWebhook.MAX_DRAIN,
          BODY_TIMEOUT,
          outcome -> {
            try {
              answerBody(request, response, callback, outcome);
            } catch (RuntimeException e) {
              failed(request, response, callback, e);
            }
          });
    }

    private void answerBody(
        Request request, Response response, Callback callback, BodyReader.Outcome outcome) {
      if (outcome instanceof BodyReader.Outcome.Read read) {
        send(request, response, callback, webhook.accept(read.bytes()));
      } else if (outcome instanceof BodyReader.Outcome.TooLarge) {
        send(request, response, callback, AlertmanagerWebhook.tooLarge());
      } else if (outcome instanceof BodyReader.Outcome.TooSlow) {
        log.info(
            "cut a webhook request from {}: its body did not arrive within {} s",
            request.getConnectionMetaData().getRemoteSocketAddress(),
            BODY_TIMEOUT.toSeconds());
        send(
            request,
            response,
            callback,
            HttpResponses.json(
                    408,
                    Map.of(
                        "error",
                        "the body did not arrive within " + BODY_TIMEOUT.toSeconds() + " s"))
                .with("Connection", "close"));
      } else if (outcome instanceof BodyReader.Outcome.Failed failed) {
        log.debug("webhook body not received", failed.cause());
        callback.failed(failed.cause());
      }
    }

    private void failed(Request request, Response response, Callback callback, Throwable e) {
      metrics.error("http");
      log.error("HTTP {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      if (response.isCommitted()) {
        callback.failed(e);
        return;
      }
      try {
        response.reset();
        send(request, response, callback, failure(e));
      } catch (RuntimeException again) {
        e.addSuppressed(again);
        callback.failed(e);
      }
    }

    private static HttpAnswer notFound() {
      return HttpResponses.json(
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

  /**
   * The answers Jetty makes itself (a malformed request: 400; headers too large: 431; an error that
   * escaped a handler: 500, or 503 if the database failed) as JSON like every other answer, without
   * stack traces.
   */
  private static final class JsonErrors extends ErrorHandler {
    JsonErrors() {
      setShowStacks(false);
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      HttpAnswer answer;
      if (cause != null && failure(cause).status() == 503) {
        answer = failure(cause);
      } else if (code == HttpStatus.INTERNAL_SERVER_ERROR_500) {
        answer = failure(new IllegalStateException(message, cause));
      } else {
        String reason = message != null ? message : HttpStatus.getMessage(code);
        answer = HttpResponses.json(code, Map.of("error", reason));
      }
      send(request, response, callback, answer);
    }
  }
}
