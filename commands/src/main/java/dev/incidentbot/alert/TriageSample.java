package dev.incidentbot.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Models with every name the triage templates may use, to check them at start-up. */
final class TriageSample {
  private TriageSample() {}

  static Map<String, Object> triage() {
    var m = verification();
    m.put("single", false);
    m.put("worstTarget", "cache");
    m.put("worstVerdict", "Memory full");
    m.put("worstHealthy", false);
    m.put("warned", "1");
    m.put("severity", "critical");
    m.put("sharedAge", "1.2");
    m.put("findings", List.of("✖ memory 97 % of maxmemory"));
    m.put("steps", List.of(Map.of("number", 1, "text", "Find what grew: /redis bigkeys")));
    return m;
  }

  static Map<String, Object> verification() {
    var m = new LinkedHashMap<String, Object>();
    m.put("alert", "RedisMemoryHigh");
    m.put("names", "cache, sessions");
    m.put("allHealthy", false);
    m.put("troubled", 1L);
    m.put("targetCount", "2 targets");
    m.put(
        "health",
        List.of(
            Map.of(
                "marker", "✖",
                "target", "cache",
                "verdict", "Memory full",
                "summary", "memory 97 %")));
    return m;
  }
}
