package dev.incidentbot.testing;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) for tests: listening on 127.0.0.1
 * and a free port only, with no cluster gossip port ({@code --cluster.listen-address=}), its state
 * in a temporary directory, and a configuration written from the receivers given to the {@link
 * Builder}. Tests push alerts through its API v2 ({@link #fire}, then {@link Firing#resolve}), and
 * Alertmanager notifies the receivers as it would in production: grouped by alert name and {@code
 * service}, after a 1 s group wait, changes (resolved ones too) every 1 s, repeats after 4 h.
 *
 * <p>Each receiver gets a child route matching the {@link #ROUTE_LABEL} label with its name, so one
 * Alertmanager can feed several receivers without one group reaching two of them. Close it to kill
 * the process and delete its directory.
 *
 * <pre>{@code
 * try (var am = AlertmanagerServer.builder().webhook("bot", botUrl, token).start()) {
 *   var down = am.fire(Map.of("alertname", "RedisDown", "notify", "bot"), Map.of());
 *   ...
 *   down.resolve();
 * }
 * }</pre>
 */
public final class AlertmanagerServer implements AutoCloseable {
  /** The label whose value names the receiver an alert is routed to. */
  public static final String ROUTE_LABEL = "notify";

  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;
  private static final JsonMapper JSON = new JsonMapper();

  private final Path dir;
  private final int port;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private AlertmanagerServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects receivers, then writes the configuration and starts Alertmanager. */
  public static final class Builder {
    private final AlertmanagerConfig config = new AlertmanagerConfig();
    private Path binary = BINARY;

    private Builder() {}

    /** Another Alertmanager binary (tests of this class). */
    Builder binary(Path path) {
      this.binary = path;
      return this;
    }

    /**
     * A {@code webhook_configs} receiver POSTing to {@code url} with {@code Authorization: Bearer
     * <token>}, resolved notifications included.
     */
    public Builder webhook(String name, String url, String token) {
      return receiver(name, AlertmanagerConfig.webhook(url, token));
    }

    /**
     * A {@code discord_configs} receiver executing the Discord webhook at {@code webhookUrl},
     * resolved notifications included.
     */
    public Builder discord(String name, String webhookUrl) {
      return receiver(name, AlertmanagerConfig.discord(webhookUrl));
    }

    /** A receiver with its own YAML (the lines under {@code - name:}, indented four spaces). */
    public Builder receiver(String name, String yaml) {
      config.receiver(name, yaml);
      return this;
    }

    /** Starts Alertmanager; fails naming scripts/install-test-deps when it is not installed. */
    public AlertmanagerServer start() {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(
            binary
                + " is missing: run scripts/install-test-deps (it installs Debian's"
                + " prometheus-alertmanager) or apt-get install -y --no-install-recommends"
                + " prometheus-alertmanager");
      }
      if (config.isEmpty()) {
        throw new IllegalStateException("an Alertmanager without receivers notifies no one");
      }
      Path dir;
      try {
        dir = Files.createTempDirectory("alertmanager-test-");
        Files.writeString(dir.resolve("alertmanager.yml"), config.yaml());
      } catch (IOException e) {
        throw new UncheckedIOException("could not write Alertmanager's configuration", e);
      }
      ExitedAtStart failure = null;
      try {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
          try {
            return launch(binary, dir, RedisServer.freePort());
          } catch (ExitedAtStart e) {
            failure = e; // most likely the free port was taken meanwhile: try another
          }
        }
      } catch (RuntimeException e) {
        TestProcess.deleteQuietly(dir);
        throw e;
      }
      TestProcess.deleteQuietly(dir);
      throw failure;
    }
  }

  /** Alertmanager stopped before it was ready: a bad configuration or a port taken. */
  private static final class ExitedAtStart extends IllegalStateException {
    ExitedAtStart(String message) {
      super(message);
    }
  }

  private static AlertmanagerServer launch(Path binary, Path dir, int port) {
    String address = "127.0.0.1:" + port;
    List<String> command =
        List.of(
            binary.toString(),
            "--config.file=" + dir.resolve("alertmanager.yml"),
            "--storage.path=" + dir.resolve("data"),
            "--web.listen-address=" + address,
            "--web.external-url=http://" + address + "/",
            "--cluster.listen-address=",
            "--log.level=info");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    var server = new AlertmanagerServer(dir, port, process);
    server.awaitReady();
    return server;
  }

  private void awaitReady() {
    try {
      TestProcess.awaitReady(
          "Alertmanager",
          process,
          uri("/-/ready").toString(),
          START_TIMEOUT,
          this::log,
          ExitedAtStart::new);
    } catch (IllegalStateException e) {
      kill();
      throw e;
    }
  }

  /** Alertmanager's own address: {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Pushes an alert that starts firing now ({@code POST /api/v2/alerts}, no end time, as Prometheus
   * would while the rule holds). The labels identify it; {@link #ROUTE_LABEL} picks its receiver.
   */
  public Firing fire(Map<String, String> labels, Map<String, String> annotations) {
    var firing = new Firing(Map.copyOf(labels), Map.copyOf(annotations), Instant.now());
    post(firing, null);
    return firing;
  }

  /** An alert pushed by {@link #fire}: the same labels and start time resolve it. */
  public final class Firing {
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final Instant startsAt;

    private Firing(Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {
      this.labels = labels;
      this.annotations = annotations;
      this.startsAt = startsAt;
    }

    /** Pushes the alert again, ended now: Alertmanager sends the resolved notification. */
    public void resolve() {
      post(this, Instant.now());
    }

    public Map<String, String> labels() {
      return labels;
    }
  }

  private void post(Firing alert, Instant endsAt) {
    ArrayNode body = JSON.createArrayNode();
    ObjectNode json = body.addObject();
    alert.labels.forEach(json.putObject("labels")::put);
    alert.annotations.forEach(json.putObject("annotations")::put);
    json.put("startsAt", alert.startsAt.toString());
    if (endsAt != null) {
      json.put("endsAt", endsAt.toString());
    }
    json.put("generatorURL", url() + "/test");
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v2/alerts"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "Alertmanager refused the alert (HTTP "
                + answer.statusCode()
                + "): "
                + answer.body()
                + "\n"
                + body);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not push an alert to Alertmanager:\n" + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pushing an alert", e);
    }
  }

  /**
   * Alertmanager's log (info level: every failed notification, with the receiver and the reason).
   */
  public String log() {
    try {
      return Files.readString(dir.resolve("alertmanager.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * The lines in which Alertmanager logged a failed notification to {@code receiver}, with the
   * status code and the answer's body: an attempt it will retry ({@code receiver=<name>} … "Notify
   * attempt failed") or one it gave up on ("Notify for alerts failed", {@code err="<name>/…"}).
   * Empty when every notification was delivered at the first attempt.
   */
  public List<String> failedNotifications(String receiver) {
    return log()
        .lines()
        .filter(
            line ->
                (line.contains("msg=\"Notify attempt failed")
                        && line.contains(" receiver=" + receiver + " "))
                    || (line.contains("msg=\"Notify for alerts failed\"")
                        && line.contains("err=\"" + receiver + "/")))
        .toList();
  }

  /** Kills Alertmanager and deletes its directory. */
  @Override
  public void close() {
    kill();
    TestProcess.deleteQuietly(dir);
  }

  private void kill() {
    TestProcess.stop(process);
  }

  private URI uri(String path) {
    return URI.create(url() + path);
  }
}
