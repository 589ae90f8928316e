package dev.incidentbot.bot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.bot.config.HttpSettings;
import dev.incidentbot.bot.metrics.BotMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HTTP answers: HEAD, 405 with Allow, 404, and the server's own errors, all as JSON")
class HttpAnswersTest {
  private static BotHttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server =
        BotHttpServer.start(
            new HttpSettings("127.0.0.1", 0),
            Optional.empty(),
            null,
            List.of(new HealthProbe("database", () -> true)),
            new BotMetrics());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("HEAD /healthz: 200 with the length of the GET answer and no body")
  void head() throws Exception {
    var get = send("GET", "/healthz");
    var head = send("HEAD", "/healthz");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(get.body().length()));
    assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  @DisplayName("a wrong method: 405 with Allow and a JSON reason; an unknown path: 404")
  void methodsAndPaths() throws Exception {
    var post = send("POST", "/healthz");
    var delete = send("DELETE", "/metrics");
    var missing = send("GET", "/healthz/x");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(post.body()).isEqualTo("{\"error\":\"use GET\"}");
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(missing.body()).contains("no such path");
  }

  @Test
  @DisplayName("headers over 8 KiB: 431; a malformed header: 400; not HTTP/1: 505; all JSON")
  void serverErrorsAreJson() throws Exception {
    String big = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
    String malformed = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
    String unknownVersion = raw("NOT A REQUEST\r\n\r\n");

    assertThat(big)
        .startsWith("HTTP/1.1 431 ")
        .contains("application/json")
        .contains("{\"error\":");
    assertThat(malformed).startsWith("HTTP/1.1 400 ").contains("{\"error\":");
    assertThat(unknownVersion).startsWith("HTTP/1.1 505 ").contains("{\"error\":");
  }

  @Test
  @DisplayName("a port in use: UncheckedIOException naming the address, with the reason as cause")
  void portInUse() {
    assertThatThrownBy(
            () ->
                BotHttpServer.start(
                    new HttpSettings("127.0.0.1", server.port()),
                    Optional.empty(),
                    null,
                    List.of(),
                    new BotMetrics()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot listen on 127.0.0.1:" + server.port())
        .cause()
        .isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1");
  }

  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
