package dev.incidentbot.bot.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz}: 200 when every probe passes, else 503; the JSON body names each probe with
 * "up" or "down", and under {@code reasons} why a probe that explains itself is down ({@code
 * "database": "No space left on device writing data/bot.mv.db"}), so an operator sees what is
 * wrong. With several bot instances, {@code role} says whether this one is the {@code leader} (it
 * answers and posts in Discord) or a {@code standby} (it takes alert webhooks, runs its share of
 * scheduled work and waits to take over); a healthy standby answers 200.
 */
final class HealthEndpoint {
  static final String PATH = "/healthz";
  private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

  private final List<HealthProbe> probes;
  private final java.util.function.Supplier<String> role;

  HealthEndpoint(List<HealthProbe> probes) {
    this(probes, () -> null);
  }

  /**
   * @param role this instance's role, or null when it has none to report
   */
  HealthEndpoint(List<HealthProbe> probes, java.util.function.Supplier<String> role) {
    this.probes = List.copyOf(probes);
    this.role = role;
  }

  HttpAnswer answer(String method) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return HttpResponses.methodNotAllowed("GET");
    }
    Map<String, String> checks = new LinkedHashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    boolean healthy = true;
    for (HealthProbe probe : probes) {
      HealthProbe.Status status = run(probe);
      healthy &= status.up();
      checks.put(probe.name(), status.up() ? "up" : "down");
      status.reason().ifPresent(reason -> reasons.put(probe.name(), reason));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", healthy ? "ok" : "unavailable");
    String r = role.get();
    if (r != null) {
      body.put("role", r);
    }
    body.put("checks", checks);
    if (!reasons.isEmpty()) {
      body.put("reasons", reasons);
    }
    return HttpResponses.json(healthy ? 200 : 503, body);
  }

  private static HealthProbe.Status run(HealthProbe probe) {
    HealthProbe.Status status = probe.status();
    if (!status.up()) {
      log.warn(
          "health probe {} is down{}", probe.name(), status.reason().map(r -> ": " + r).orElse(""));
    }
    return status;
  }
}
