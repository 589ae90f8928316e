package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.sample.Sample;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Samples in the bot's database (V46), on H2 and on PostgreSQL")
class SampleStoreTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  static final Instant T0 = Instant.parse("2026-05-04T08:00:00.123Z");

  static Sample full(String target, Instant at) {
    return new Sample(
        target,
        at,
        87.5,
        939_524_096L,
        12_345L,
        0.21,
        14.0,
        180L,
        3L,
        12.5,
        0.92,
        1.5,
        4_000L,
        90_000L,
        7_000L,
        Map.of("bull:emails", 2_400L, "rq:default", 0L),
        null);
  }

  @Test
  @DisplayName("H2: every field read back as written, nulls stay null, by target and time, pruned")
  void onH2() {
    try (var db =
        Database.open(
            new StoreConfig(
                "jdbc:h2:mem:s" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null))) {
      exercise(new JdbcSampleStore(db));
    }
  }

  @Test
  @DisplayName("PostgreSQL: the same")
  void onPostgres() {
    try (var db =
        Database.open(new StoreConfig(pg.createDatabase("samples"), PostgresServer.USER, null))) {
      exercise(new JdbcSampleStore(db));
    }
  }

  private static void exercise(JdbcSampleStore store) {
    Sample a = full("cache", T0);
    Sample b = Sample.unanswered("cache", T0.plusSeconds(15), "timed out");
    Sample c = full("sessions", T0.plusSeconds(15)).withRatesSince(null);
    Sample old = full("cache", T0.minusSeconds(3_600));
    List.of(old, a, b, c).forEach(store::record);

    assertThat(store.latest("cache")).contains(b);
    assertThat(store.latest("nothing")).isEmpty();
    assertThat(store.between(List.of("cache"), T0, T0.plusSeconds(60))).containsExactly(a, b);
    assertThat(store.between(List.of("cache", "sessions"), T0, T0.plusSeconds(15)))
        .containsExactly(a, b, c);
    assertThat(store.between(List.of(), T0, T0.plusSeconds(60))).isEmpty();

    assertThat(store.pruneBefore(T0)).isOne();
    assertThat(store.between(List.of("cache"), T0.minusSeconds(7_200), T0.plusSeconds(60)))
        .containsExactly(a, b);
  }
}
