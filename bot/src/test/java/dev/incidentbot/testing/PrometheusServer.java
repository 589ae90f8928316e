package dev.incidentbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (Debian's {@code prometheus} 2.42) for tests: on 127.0.0.1 and a free port
 * only, its TSDB in a temporary directory, scraping and evaluating every second, loading the rule
 * file given and sending alerts to one Alertmanager. Close it to kill the process and delete the
 * directory.
 */
public final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final JsonMapper JSON = new JsonMapper();

  private final TestProcess process;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(TestProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Rules, scrape targets, external labels and the Alertmanager; then {@link #start}. */
  public static final class Builder {
    private String rules = "groups: []\n";
    private final List<String> targets = new ArrayList<>();
    private final Map<String, String> externalLabels = new LinkedHashMap<>();
    private String alertmanager;

    private Builder() {}

    /** The rule file's content (YAML). */
    public Builder rules(String yaml) {
      this.rules = yaml;
      return this;
    }

    /** Scrapes {@code address} (host:port) every second, adding {@code labels} to its series. */
    public Builder target(String address, Map<String, String> labels) {
      var yaml = new StringBuilder();
      yaml.append("      - targets: [").append(quoted(address)).append("]\n");
      yaml.append("        labels: {");
      String sep = "";
      for (var e : labels.entrySet()) {
        yaml.append(sep).append(e.getKey()).append(": ").append(quoted(e.getValue()));
        sep = ", ";
      }
      yaml.append("}\n");
      targets.add(yaml.toString());
      return this;
    }

    /**
     * A label on every alert sent (and every series, for federation): {@code
     * global.external_labels}.
     */
    public Builder externalLabel(String name, String value) {
      externalLabels.put(name, value);
      return this;
    }

    /** Sends alerts to the Alertmanager at {@code 127.0.0.1:<port>}. */
    public Builder alertmanager(int port) {
      this.alertmanager = "127.0.0.1:" + port;
      return this;
    }

    /** Starts Prometheus; fails naming scripts/install-test-deps when it is not installed. */
    public PrometheusServer start() {
      TestProcess.requireInstalled(BINARY, "prometheus");
      Path dir;
      try {
        dir = Files.createTempDirectory("prometheus-test-");
        Files.writeString(dir.resolve("rules.yml"), rules);
        Files.writeString(dir.resolve("prometheus.yml"), config(dir));
      } catch (IOException e) {
        throw new UncheckedIOException("could not write Prometheus's configuration", e);
      }
      int port = RedisServer.freePort();
      String address = "127.0.0.1:" + port;
      var process =
          TestProcess.start(
              "prometheus",
              dir,
              List.of(
                  BINARY.toString(),
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=" + address,
                  "--web.external-url=http://" + address + "/",
                  "--rules.alert.resend-delay=1s",
                  "--log.level=info"),
              "http://" + address + "/-/ready",
              Duration.ofSeconds(30));
      return new PrometheusServer(process, port);
    }

    private String config(Path dir) {
      var yaml = new StringBuilder();
      yaml.append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
      if (!externalLabels.isEmpty()) {
        yaml.append("  external_labels:\n");
        externalLabels.forEach(
            (k, v) -> yaml.append("    ").append(k).append(": ").append(quoted(v)).append('\n'));
      }
      yaml.append("rule_files: [")
          .append(quoted(dir.resolve("rules.yml").toString()))
          .append("]\n");
      if (alertmanager != null) {
        yaml.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [")
            .append(quoted(alertmanager))
            .append("]\n");
      }
      yaml.append("scrape_configs:\n  - job_name: redis\n    static_configs:\n");
      targets.forEach(yaml::append);
      return yaml.toString();
    }
  }

  /** {@code GET /api/v1/query}: the result vector of an instant query now. */
  public JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .path("data")
        .path("result");
  }

  /** {@code GET /api/v1/label/__name__/values}: every metric name stored. */
  public List<String> metricNames() {
    var names = new ArrayList<String>();
    get("/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
    return names;
  }

  /** {@code GET /api/v1/rules}: the loaded rule groups with each rule's health and last run. */
  public JsonNode ruleGroups() {
    return get("/api/v1/rules").path("data").path("groups");
  }

  /** {@code GET /api/v1/alerts}: the alerts pending or firing now. */
  public JsonNode alerts() {
    return get("/api/v1/alerts").path("data").path("alerts");
  }

  private JsonNode get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "Prometheus answered " + answer.statusCode() + " to " + path + ": " + answer.body());
      }
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException("could not ask Prometheus " + path + ":\n" + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking Prometheus " + path, e);
    }
  }

  /** Prometheus's log (info level: rule evaluation and notification failures). */
  public String log() {
    return process.log();
  }

  /** Kills Prometheus and deletes its directory (TSDB included). */
  @Override
  public void close() {
    process.close();
  }

  /** A YAML single-quoted scalar. */
  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
