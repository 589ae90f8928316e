package dev.incidentbot.bot.leader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway lease on a real PostgreSQL (one holder, handed over, lost) and on H2. */
@DisplayName("Gateway lease: one holder at a time")
class GatewayLeaseTest {
  private static PostgresServer pg;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  @Test
  @DisplayName("on PostgreSQL one instance holds it; the other takes it once the first lets go")
  void handedOver() throws Exception {
    var store = new StoreConfig(pg.createDatabase("lease_a"), PostgresServer.USER, null);
    try (Database one = Database.open(store);
        Database two = Database.open(store)) {
      GatewayLease first = GatewayLease.open(one);
      first.awaitLeadership();
      assertThat(first.role()).isEqualTo("leader");

      GatewayLease second = GatewayLease.open(two);
      var leading = new CountDownLatch(1);
      Thread standby =
          new Thread(
              () -> {
                try {
                  second.awaitLeadership();
                  leading.countDown();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      standby.start();
      assertThat(leading.await(3, TimeUnit.SECONDS)).as("both leaders").isFalse();
      assertThat(second.role()).isEqualTo("standby");

      first.close(); // the process ending does the same
      assertThat(leading.await(10, TimeUnit.SECONDS)).as("standby took over").isTrue();
      assertThat(second.held()).isTrue();
      second.close();
    }
  }

  @Test
  @DisplayName("on PostgreSQL the leader whose session ends loses the lease and is told at once")
  void lost() throws Exception {
    var store = new StoreConfig(pg.createDatabase("lease_b"), PostgresServer.USER, null);
    try (Database db = Database.open(store)) {
      GatewayLease lease = GatewayLease.open(db);
      lease.awaitLeadership();
      var told = new CountDownLatch(1);
      lease.onLost(told::countDown);
      try (Connection c = db.connection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT pg_terminate_backend(pid) FROM pg_locks"
                      + " WHERE locktype = 'advisory' AND granted")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(lease.held()).isFalse();
      assertThat(lease.lost()).isTrue();
      lease.close();
    }
  }

  @Test
  @DisplayName("on H2, which one process opens, the instance is always the leader")
  void h2(@TempDir Path dir) throws Exception {
    var store = new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null);
    try (Database db = Database.open(store)) {
      GatewayLease lease = GatewayLease.open(db);
      lease.awaitLeadership();
      assertThat(lease.role()).isEqualTo("leader");
      lease.close();
    }
  }
}
