package dev.incidentbot.bot.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.alert.silence.Alertmanagers;
import dev.incidentbot.alert.silence.LabelMatcher;
import dev.incidentbot.bot.config.AlertmanagerEndpoint;
import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The client's side of what a real Alertmanager cannot show in this suite: Grafana's path prefix,
 * the Authorization header, a refusal and a hang bounded by the timeout. A loopback HTTP server
 * records what arrives and answers as Grafana's Alertmanager-compatible API does.
 */
@DisplayName(
    "Alertmanager client: Grafana's path prefix, bearer auth, refusals and hangs named per"
        + " Alertmanager")
class HttpAlertmanagersTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer grafana;
  private ServerSocket hanging;

  @AfterEach
  void stop() throws IOException {
    if (grafana != null) {
      grafana.stop(0);
    }
    if (hanging != null) {
      hanging.close();
    }
  }

  private String startGrafana(int status) throws IOException {
    grafana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    grafana.createContext(
        "/",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          String body =
              status != 200
                  ? "{\"message\":\"permission denied\"}"
                  : exchange.getRequestURI().getPath().endsWith("/silences")
                          && exchange.getRequestMethod().equals("POST")
                      ? "{\"silenceID\":\"g-1\"}"
                      : "[]";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    grafana.start();
    return "http://127.0.0.1:" + grafana.getAddress().getPort();
  }

  private static AlertmanagerEndpoint endpoint(String name, String base, Duration timeout) {
    return new AlertmanagerEndpoint(
        name, URI.create(base + "/api/alertmanager/grafana/api/v2/"), "Bearer glsa-token", timeout);
  }

  @Test
  @DisplayName("every call goes under the prefix with the bearer token; the silence id is read")
  void grafanaPrefixAndAuth() throws IOException {
    var client =
        new HttpAlertmanagers(
            List.of(endpoint("grafana", startGrafana(200), Duration.ofSeconds(2))));
    var matchers = LabelMatcher.parse("alertname=\"RedisDown\", service=\"orders\"");

    assertThat(client.alerts(matchers).failures()).isEmpty();
    var made =
        client.create(
            new Alertmanagers.NewSilence(
                matchers, Instant.now(), Instant.now().plusSeconds(3600), "alice", "deploy"),
            Map.of());
    assertThat(made.value()).containsExactly(Map.entry("grafana", "g-1"));
    assertThat(client.expire(Map.of("grafana", "g-1")).value()).containsExactly("grafana");

    assertThat(seen)
        .containsExactly(
            "GET /api/alertmanager/grafana/api/v2/alerts?active=true&silenced=true&inhibited=true"
                + "&filter=alertname%3D%22RedisDown%22&filter=service%3D%22orders%22"
                + " auth=Bearer glsa-token",
            "POST /api/alertmanager/grafana/api/v2/silences auth=Bearer glsa-token",
            "DELETE /api/alertmanager/grafana/api/v2/silence/g-1 auth=Bearer glsa-token");
  }

  @Test
  @DisplayName(
      "one refusing (403), one hanging past its timeout, one closed: each named with why, the"
          + " token never in the sentence")
  void failuresNamed() throws IOException {
    String refusing = startGrafana(403);
    hanging = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    int closed = RedisServer.freePort();
    var client =
        new HttpAlertmanagers(
            List.of(
                endpoint("refusing", refusing, Duration.ofSeconds(2)),
                endpoint(
                    "hanging",
                    "http://127.0.0.1:" + hanging.getLocalPort(),
                    Duration.ofMillis(500)),
                endpoint("closed", "http://127.0.0.1:" + closed, Duration.ofSeconds(1))));

    long start = System.nanoTime();
    var made =
        client.create(
            new Alertmanagers.NewSilence(
                LabelMatcher.parse("alertname=\"RedisDown\""),
                Instant.now(),
                Instant.now().plusSeconds(60),
                "alice",
                ""),
            Map.of());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(made.value()).isEmpty();
    assertThat(made.allFailed(3)).isTrue();
    assertThat(made.failures())
        .containsEntry(
            "refusing",
            "HTTP 403 (check its bearerToken or basicAuth): {\"message\":\"permission denied\"}")
        .containsEntry("hanging", "no answer within 500 ms")
        .containsEntry("closed", "connection refused at 127.0.0.1:" + closed);
    assertThat(made.failures().toString()).doesNotContain("glsa-token");
    assertThat(took)
        .as("asked at once, bounded by the longest timeout")
        .isLessThan(Duration.ofSeconds(2));
  }
}
