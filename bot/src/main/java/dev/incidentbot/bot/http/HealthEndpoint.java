package dev.incidentbot.bot.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz}: 200 when every probe passes, else 503; the JSON body names each probe with
 * "up" or "down", so an operator sees what is wrong.
 */
final class HealthEndpoint {
  static final String PATH = "/healthz";
  private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

  private final List<HealthProbe> probes;

  HealthEndpoint(List<HealthProbe> probes) {
    this.probes = List.copyOf(probes);
  }

  HttpAnswer answer(String method) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return HttpResponses.methodNotAllowed("GET");
    }
    Map<String, String> checks = new LinkedHashMap<>();
    boolean healthy = true;
    for (HealthProbe probe : probes) {
      boolean up = run(probe);
      healthy &= up;
      checks.put(probe.name(), up ? "up" : "down");
    }
    return HttpResponses.json(
        healthy ? 200 : 503, Map.of("status", healthy ? "ok" : "unavailable", "checks", checks));
  }

  private static boolean run(HealthProbe probe) {
    try {
      return probe.check().getAsBoolean();
    } catch (RuntimeException e) {
      log.warn("health probe {} failed", probe.name(), e);
      return false;
    }
  }
}
