package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Incident watch: what counts as a change")
class IncidentWatchTest {
  @Test
  @DisplayName("scenario and threshold levels are changes; the state round-trips through storage")
  void changes() {
    Map<String, String> before = new LinkedHashMap<>();
    before.put("main", "OUT_OF_MEMORY|evictions=WARN,memory=CRIT");
    before.put("cache", "HEALTHY|");
    Map<String, String> now = new LinkedHashMap<>();
    now.put("main", "HEALTHY|evictions=WARN");
    now.put("cache", "HEALTHY|");

    assertThat(IncidentWatch.changes(before, now))
        .containsExactly("main: B: out of memory → healthy", "main: memory CRIT → OK");
    assertThat(IncidentWatch.changes(now, now)).isEmpty();
    assertThat(IncidentWatch.parse(IncidentWatch.format(now))).isEqualTo(now);
  }
}
