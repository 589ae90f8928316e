package dev.incidentbot.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Durations: typed the way people type them, and read back the same")
class DurationsTest {
  @Test
  @DisplayName("the largest whole unit: 10m, 2h, 1d, 305s, 250ms, 0s")
  void typed() {
    String[][] rows = {
      {"600s", "10m"}, {"7200s", "2h"}, {"86400s", "1d"}, {"305s", "305s"},
      {"250ms", "250ms"}, {"1500ms", "1500ms"}, {"0s", "0s"}, {"90m", "90m"}
    };
    for (String[] row : rows) {
      Duration d = Durations.parse(row[0]);
      assertThat(Durations.typed(d)).as(row[0]).isEqualTo(row[1]);
      assertThat(Durations.parse(Durations.typed(d))).isEqualTo(d);
    }
  }
}
