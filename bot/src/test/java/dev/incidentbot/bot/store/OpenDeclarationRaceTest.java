package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.incident.IncidentAlreadyOpen;
import dev.incidentbot.incident.IncidentSeverity;
import dev.incidentbot.incident.IncidentStatus;
import dev.incidentbot.incident.NewIncident;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A declaration is unique while open (issue 15): people declaring the same title and targets at the
 * same moment, on one bot instance or two sharing a database, get one incident, and the others are
 * sent to it; once it is resolved the title is free again. On H2 and on a real PostgreSQL.
 */
@DisplayName("Racing declarations of one incident store one, on H2 and PostgreSQL")
class OpenDeclarationRaceTest {
  private static final int RACERS = 8;
  private static PostgresServer pg;
  private static int databases;

  @TempDir Path dir;

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  private StoreConfig store(String kind) {
    if (kind.equals("H2")) {
      return new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null);
    }
    synchronized (OpenDeclarationRaceTest.class) {
      if (pg == null) {
        pg = PostgresServer.start();
      }
      return new StoreConfig(pg.createDatabase("race" + ++databases), PostgresServer.USER, null);
    }
  }

  private static NewIncident declaration(String title, boolean exclusive) {
    Instant now = Instant.now();
    return new NewIncident(
        title,
        IncidentSeverity.P1,
        List.of("main", "cache"),
        new UserRef("u1", "alice"),
        now,
        now,
        exclusive);
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  @DisplayName("the store keeps one open exclusive incident per title and targets, atomically")
  void storeDecidesAtomically(String kind) throws Exception {
    try (Database db = Database.open(store(kind))) {
      var incidents = new JdbcIncidentStore(db);
      var start = new CyclicBarrier(RACERS);
      ExecutorService pool = Executors.newFixedThreadPool(RACERS);
      var results = new ArrayList<Future<String>>();
      for (int i = 0; i < RACERS; i++) {
        String title = i % 2 == 0 ? "Checkout is down" : "  checkout IS DOWN ";
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return "declared " + incidents.declare(declaration(title, true)).id();
                  } catch (IncidentAlreadyOpen e) {
                    return "open " + e.openId();
                  }
                }));
      }
      var outcomes = new ArrayList<String>();
      for (Future<String> f : results) {
        outcomes.add(f.get());
      }
      pool.shutdown();

      assertThat(incidents.open()).hasSize(1);
      String id = incidents.open().get(0).id();
      assertThat(outcomes)
          .filteredOn(o -> o.startsWith("declared"))
          .containsExactly("declared " + id);
      assertThat(outcomes)
          .filteredOn(o -> o.startsWith("open"))
          .hasSize(RACERS - 1)
          .allMatch(o -> o.equals("open " + id));

      // other targets, or a duplicate asked for, are other incidents
      var otherTargets =
          new NewIncident(
              "Checkout is down",
              IncidentSeverity.P1,
              List.of("main"),
              new UserRef("u1", "alice"),
              Instant.now(),
              Instant.now(),
              true);
      assertThat(incidents.declare(otherTargets).id()).isNotEqualTo(id);
      assertThat(incidents.declare(declaration("Checkout is down", false)).id()).isNotEqualTo(id);
      assertThatThrownBy(() -> incidents.declare(declaration("checkout is down", true)))
          .isInstanceOf(IncidentAlreadyOpen.class);

      // resolved: the title and targets are free for the next declaration
      Instant now = Instant.now();
      incidents.addUpdate(
          id,
          new StatusUpdate(
              now, "alice", IncidentStatus.RESOLVED, "none", "fixed", List.of(), List.of(), ""));
      assertThat(incidents.declare(declaration("Checkout is down", true)).id()).isNotEqualTo(id);
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  @DisplayName("/incident declare sent at once by several people (two instances on PostgreSQL)")
  void racingDeclareCommands(String kind) throws Exception {
    StoreConfig storeConfig =
        kind.equals("H2")
            ? new StoreConfig(
                "jdbc:h2:mem:race-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null)
            : store(kind);
    var config =
        new BotConfig(
            "race test",
            List.of(Target.standalone("main", "redis://127.0.0.1:1")),
            List.of(),
            storeConfig);
    int instances = kind.equals("H2") ? 1 : 2;
    var wirings = new ArrayList<Wiring>();
    var posts = new AtomicInteger();
    try {
      for (int i = 0; i < instances; i++) {
        Wiring w = new Wiring(config, Clock.systemUTC());
        wirings.add(w);
        w.start(new CountingOutbox(posts));
      }
      var start = new CyclicBarrier(RACERS);
      ExecutorService pool = Executors.newFixedThreadPool(RACERS);
      var replies = new ArrayList<Future<Reply>>();
      for (int i = 0; i < RACERS; i++) {
        Wiring w = wirings.get(i % instances);
        var request =
            new Request(
                "incident declare",
                Map.of("title", "Checkout is down", "severity", "P1", "targets", "main"),
                Actor.person("u" + i, "person" + i, Set.of("commander", "operator", "viewer")),
                Place.channel("ops"),
                Instant.now());
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return w.router().dispatch(request, Progress.NONE);
                }));
      }
      var titles = new ArrayList<String>();
      var texts = new ArrayList<String>();
      for (Future<Reply> f : replies) {
        titles.add(f.get().title());
        texts.add(f.get().text());
      }
      pool.shutdown();

      assertThat(wirings.get(0).incidents().open()).hasSize(1);
      String id = wirings.get(0).incidents().open().get(0).id();
      assertThat(titles).filteredOn(t -> t.endsWith("declared")).containsExactly(id + " declared");
      assertThat(texts)
          .filteredOn(t -> t.contains("is already open"))
          .hasSize(RACERS - 1)
          .allMatch(t -> t.startsWith(id + " is already open for main"));
    } finally {
      wirings.forEach(Wiring::close);
    }
  }

  /** An outbox that posts nowhere and counts. */
  private record CountingOutbox(AtomicInteger posts) implements Outbox {
    @Override
    public Place place(Channel channel) {
      return Place.channel(channel.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Posted post(Place place, Reply reply) {
      return new Posted(place, "m" + posts.incrementAndGet());
    }

    @Override
    public Place startThread(Posted message, String name) {
      return message.place().inThread("t" + message.messageId());
    }
  }
}
