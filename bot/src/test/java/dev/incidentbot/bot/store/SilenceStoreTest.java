package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.alert.AlertGroup;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.alert.silence.LabelMatcher;
import dev.incidentbot.alert.silence.SilenceRecord;
import dev.incidentbot.alert.silence.SilenceStore;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Place;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The silence store (V45) on H2 and on a real PostgreSQL: group labels and acks replaced in place,
 * silences found by id, group and activity, groups found by thread and name — long group keys
 * included, stored as the alert group store stores them.
 */
@DisplayName("Silence store on H2 and PostgreSQL: labels, silences, acks, groups by thread")
class SilenceStoreTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  static Stream<String> databases() {
    return Stream.of("h2", "postgres");
  }

  private static Database open(String kind) {
    if (kind.equals("h2")) {
      return Database.open(
          new StoreConfig(
              "jdbc:h2:mem:silences-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    }
    return Database.open(new StoreConfig(pg.createDatabase("silences"), PostgresServer.USER, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("what is written reads back; expired and ended silences are not active")
  void roundTrip(String kind) {
    try (Database db = open(kind)) {
      var store = new JdbcSilenceStore(db);
      var groups = new JdbcAlertGroupStore(db);
      String longKey = "{}/{notify=\"bot\"}:{" + "x".repeat(600) + "}";
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Place thread = new Place("100", "200");
      groups.create(
          new AlertGroup(
              longKey,
              "RedisDown orders",
              thread,
              "300",
              List.of("cache"),
              1,
              AlertStatus.FIRING,
              "s",
              now,
              now,
              null,
              null,
              null));

      store.rememberLabels(longKey, Map.of("alertname", "RedisDown", "service", "orders"));
      store.rememberLabels(longKey, Map.of("alertname", "RedisDown", "service", "carts"));
      String stored = store.groupByThread("200").orElseThrow();
      assertThat(store.groupByName("RedisDown orders")).contains(stored);
      assertThat(store.labels(stored))
          .contains(Map.of("alertname", "RedisDown", "service", "carts"));
      assertThat(store.labels(longKey)).isEqualTo(store.labels(stored));

      var matchers = LabelMatcher.parse("alertname=\"RedisDown\", note=~\"a\\\"b|c\"");
      var active =
          new SilenceRecord(
              "s1",
              longKey,
              "RedisDown orders",
              thread,
              "cache",
              matchers,
              Map.of("am-a", "id-a", "am-b", "id-b"),
              "alice",
              "deploy",
              now,
              now.plus(Duration.ofHours(1)),
              SilenceRecord.State.ACTIVE);
      var ended =
          new SilenceRecord(
              "s2",
              longKey,
              "RedisDown orders",
              thread,
              null,
              matchers,
              Map.of("am-a", "x"),
              "bob",
              "",
              now.minusSeconds(7200),
              now.minusSeconds(60),
              SilenceRecord.State.ACTIVE);
      store.save(active);
      store.save(ended);
      assertThat(store.find("s1").orElseThrow().matchers()).isEqualTo(matchers);
      assertThat(store.find("s1").orElseThrow().ids()).isEqualTo(active.ids());
      assertThat(store.activeForGroup(longKey, now))
          .extracting(SilenceRecord::id)
          .containsExactly("s1");
      assertThat(store.active(now)).extracting(SilenceRecord::id).containsExactly("s1");

      store.update(active.extended(now.plus(Duration.ofHours(3)), Map.of("am-a", "id-a2")));
      assertThat(store.find("s1").orElseThrow().endsAt()).isEqualTo(now.plus(Duration.ofHours(3)));
      assertThat(store.find("s1").orElseThrow().ids()).containsExactly(Map.entry("am-a", "id-a2"));
      store.update(store.find("s1").orElseThrow().expired());
      assertThat(store.active(now)).isEmpty();

      store.acknowledge(new SilenceStore.Ack(longKey, "u1", "bob", now));
      store.acknowledge(new SilenceStore.Ack(longKey, "u2", "carol", now.plusSeconds(1)));
      assertThat(store.ack(longKey).orElseThrow().byName()).isEqualTo("carol");
      assertThat(store.ack("other")).isEmpty();
    }
  }
}
