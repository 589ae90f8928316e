package dev.incidentbot.bot;

import dev.incidentbot.bot.launch.Main;
import dev.incidentbot.testing.PackageCycles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Layers without cycles, over both modules: the adapters may use the wiring, and only the entry
 * point ({@code bot.launch}) uses the adapters.
 */
@DisplayName("bot and commands: no package depends on itself through others")
class NoPackageCyclesTest {

  @Test
  @DisplayName("every package under dev.incidentbot is free of cycles")
  void noCycles() {
    PackageCycles.assertNone(
        "dev.incidentbot", dev.incidentbot.chat.Router.class, Wiring.class, Main.class);
  }
}
