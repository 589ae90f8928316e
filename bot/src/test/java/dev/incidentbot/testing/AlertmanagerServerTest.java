package dev.incidentbot.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AlertmanagerServer, the test helper")
class AlertmanagerServerTest {

  @Test
  @DisplayName("without the binary it fails naming the binary and scripts/install-test-deps")
  void missingBinary() {
    var builder =
        AlertmanagerServer.builder()
            .binary(Path.of("/nonexistent/prometheus-alertmanager"))
            .webhook("bot", "http://127.0.0.1:9/alerts/alertmanager", "token");

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/prometheus-alertmanager is missing")
        .hasMessageContaining("scripts/install-test-deps");
  }
}
