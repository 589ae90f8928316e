package dev.incidentbot.bot.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A standby's posts made by the leader through {@code relayed_posts} on a real PostgreSQL: what
 * arrives is what the job built, the answer comes back, a repeated key posts once, a leader that
 * died mid-post is taken over with the same key, and with no leader the job fails with a sentence
 * and leaves nothing behind.
 */
@DisplayName("Posts relayed from standbys to the leader on a real PostgreSQL")
class RelayOnPostgresTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  private static final Place OPS = Place.channel(RecordingOutbox.OPS);

  private Database db;
  private final RecordingOutbox discord = new RecordingOutbox();
  private OutboxRelay leader;

  @BeforeEach
  void open() {
    db = Database.open(new StoreConfig(pg.createDatabase("relay"), PostgresServer.USER, null));
  }

  @AfterEach
  void close() {
    if (leader != null) {
      leader.close();
    }
    db.close();
  }

  private RelayedOutbox standby(String instance, Duration wait) {
    return new RelayedOutbox(new RelayQueue(db, instance, Clock.systemUTC()), discord::place, wait);
  }

  private void lead(String instance) {
    leader = OutboxRelay.start(db, instance, Clock.systemUTC(), discord);
  }

  private static Reply fullReply() {
    return Reply.builder("Routine check of cache: 2 of 9 need attention")
        .severity(Severity.WARN)
        .text("⚠ used_memory 97 % of maxmemory\nsecond line")
        .field("Regressions", "evictions 0 → 1,200/s")
        .inlineField("Target", "cache")
        .code("", "row 1\nrow 2")
        .button("Purge", Button.Style.DANGER, Action.of("redis purge", "target", "cache"))
        .attach(
            new Attachment("chart.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0}))
        .pingOnCall(true)
        .mention("123456789012345678")
        .build();
  }

  @Test
  @DisplayName("a standby's post arrives as built, and the leader's message id comes back")
  void postRelayed() {
    lead("leader");
    Reply reply = fullReply();
    Outbox.Posted posted = standby("standby", Duration.ofSeconds(30)).post(OPS, reply);

    assertThat(discord.posts()).hasSize(1);
    var made = discord.posts().get(0);
    assertThat(posted).isEqualTo(new Outbox.Posted(OPS, made.messageId()));
    // the reply the leader posted is the reply the job built, attachment bytes included
    assertThat(RelayCodec.write(made.reply())).isEqualTo(RelayCodec.write(reply));
    assertThat(made.reply().attachments().get(0).content())
        .containsExactly(reply.attachments().get(0).content());
    assertThat(made.reply().buttons()).isEqualTo(reply.buttons());
  }

  @Test
  @DisplayName("edits and threads are relayed too, with their answers")
  void editAndThread() {
    lead("leader");
    RelayedOutbox outbox = standby("standby", Duration.ofSeconds(30));
    Outbox.Posted posted = outbox.post(OPS, Reply.text("first"));

    assertThat(outbox.edit(posted, Reply.text("second"))).isTrue();
    assertThat(outbox.edit(new Outbox.Posted(OPS, "gone"), Reply.text("x"))).isFalse();
    Place thread = outbox.startThread(posted, "INC-1 cache");

    assertThat(discord.posts().get(0).reply().text()).isEqualTo("second");
    assertThat(discord.threads()).hasSize(1);
    assertThat(thread).isEqualTo(discord.threads().get(0).thread());
  }

  @Test
  @DisplayName("a post repeated with its key (a job re-run after a crash) is made once")
  void keyedPostOnce() {
    lead("leader");
    Outbox.Posted first = standby("a", Duration.ofSeconds(30)).post(OPS, Reply.text("x"), "fu.7");
    Outbox.Posted again = standby("b", Duration.ofSeconds(30)).post(OPS, Reply.text("x"), "fu.7");

    assertThat(again).isEqualTo(first);
    assertThat(discord.posts()).hasSize(1);
  }

  @Test
  @DisplayName(
      "a key longer than the column holds is stored as its digest, still posts once, and reaches Discord as the job gave it")
  void longKey() {
    var keys = new java.util.concurrent.CopyOnWriteArrayList<String>();
    leader =
        new OutboxRelay(
            new RelayQueue(db, "leader", Clock.systemUTC()), new KeyRecording(discord, keys));
    leader.takeOverAndRun();
    String key = "run.routine-" + "a-very-long-target-name".repeat(12) + ".1764000000000.digest";
    Outbox.Posted first = standby("a", Duration.ofSeconds(30)).post(OPS, Reply.text("x"), key);
    Outbox.Posted again = standby("b", Duration.ofSeconds(30)).post(OPS, Reply.text("x"), key);

    assertThat(again).isEqualTo(first);
    assertThat(discord.posts()).hasSize(1);
    assertThat(RelayedOutbox.fitted(key)).startsWith("sha256.").hasSize(7 + 64);
    // the nonce is made from the key the job gave, as when the leader runs the job itself
    assertThat(keys).containsExactly(key);
  }

  @Test
  @DisplayName(
      "no leader: the job waits, then fails with a sentence and withdraws its request; a leader"
          + " arriving in time posts it")
  void noLeader() {
    RelayedOutbox outbox = standby("standby", Duration.ofMillis(800));
    assertThatThrownBy(() -> outbox.post(OPS, Reply.text("lost")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "not posted: no bot instance took the Discord gateway within 800 ms to post it");
    assertThat(count("SELECT COUNT(*) FROM relayed_posts")).isZero();

    RelayedOutbox patient = standby("standby", Duration.ofSeconds(30));
    var waiting = CompletableFuture.supplyAsync(() -> patient.post(OPS, Reply.text("late")));
    await().during(Duration.ofMillis(500)).until(() -> !waiting.isDone());
    lead("leader");
    assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join().messageId())
        .isEqualTo(discord.posts().get(0).messageId());
    assertThat(discord.posts()).hasSize(1);
  }

  @Test
  @DisplayName(
      "a leader that died after claiming: the next one takes the request over and posts it with"
          + " the same key (Discord's nonce), and the waiting job gets the answer")
  void takenOverFromADeadLeader() throws Exception {
    RelayedOutbox outbox = standby("standby", Duration.ofSeconds(30));
    var waiting =
        CompletableFuture.supplyAsync(() -> outbox.post(OPS, Reply.text("watch"), "watch.3.1"));
    var dead = new RelayQueue(db, "dead-leader", Clock.systemUTC());
    await().until(() -> !dead.claim(8, OutboxRelay.CLAIM).isEmpty());

    var keys = new java.util.concurrent.CopyOnWriteArrayList<String>();
    leader =
        new OutboxRelay(
            new RelayQueue(db, "new-leader", Clock.systemUTC()), new KeyRecording(discord, keys));
    leader.takeOverAndRun();

    assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join().messageId())
        .isEqualTo(discord.posts().get(0).messageId());
    assertThat(keys).containsExactly("watch.3.1");
  }

  @Test
  @DisplayName(
      "the leader cannot post: the job fails with Discord's sentence; the same key asked again"
          + " is tried again")
  void failureAnsweredAndRetried() {
    var fails = new AtomicInteger(1);
    leader =
        new OutboxRelay(
            new RelayQueue(db, "leader", Clock.systemUTC()),
            new Passing(discord) {
              @Override
              public Posted post(Place place, Reply reply, String key) {
                if (fails.getAndDecrement() > 0) {
                  throw new IllegalStateException("Missing Access (50001)");
                }
                return super.post(place, reply, key);
              }
            });
    leader.takeOverAndRun();
    RelayedOutbox outbox = standby("standby", Duration.ofSeconds(30));

    assertThatThrownBy(() -> outbox.post(OPS, Reply.text("x"), "routine.1"))
        .hasMessage("the leader could not post it: Missing Access (50001)");
    assertThat(outbox.post(OPS, Reply.text("x"), "routine.1").messageId())
        .isEqualTo(discord.posts().get(0).messageId());
  }

  @Test
  @DisplayName("closing the standby ends a wait at once and withdraws the request")
  void closeEndsWaits() {
    RelayedOutbox outbox = standby("standby", Duration.ofMinutes(2));
    var waiting = CompletableFuture.runAsync(() -> outbox.post(OPS, Reply.text("x")));
    await().until(() -> count("SELECT COUNT(*) FROM relayed_posts") == 1);
    outbox.close();
    assertThatThrownBy(() -> waiting.orTimeout(5, TimeUnit.SECONDS).join())
        .hasMessageContaining("stopped while waiting for the leader to post");
    assertThat(count("SELECT COUNT(*) FROM relayed_posts")).isZero();
  }

  private long count(String sql) {
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Passes every call on to {@code target}; tests override what they watch or break. */
  private static class Passing implements Outbox {
    private final Outbox target;

    Passing(Outbox target) {
      this.target = target;
    }

    @Override
    public Place place(Channel channel) {
      return target.place(channel);
    }

    @Override
    public Posted post(Place place, Reply reply) {
      return target.post(place, reply);
    }

    @Override
    public Posted post(Place place, Reply reply, String key) {
      return target.post(place, reply, key);
    }

    @Override
    public boolean edit(Posted message, Reply reply) {
      return target.edit(message, reply);
    }

    @Override
    public Place startThread(Posted message, String name) {
      return target.startThread(message, name);
    }
  }

  /** Notes the key of each post. */
  private static final class KeyRecording extends Passing {
    private final List<String> keys;

    KeyRecording(Outbox target, List<String> keys) {
      super(target);
      this.keys = keys;
    }

    @Override
    public Posted post(Place place, Reply reply, String key) {
      keys.add(key);
      return super.post(place, reply, key);
    }
  }
}
