package dev.incidentbot;

import dev.incidentbot.testing.PackageCycles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Layers without cycles: the ports sit in low packages and features depend on them one way. */
@DisplayName("commands: no package depends on itself through others")
class NoPackageCyclesTest {

  @Test
  @DisplayName("every package under dev.incidentbot is free of cycles")
  void noCycles() {
    PackageCycles.assertNone("dev.incidentbot", dev.incidentbot.chat.Router.class);
  }
}
