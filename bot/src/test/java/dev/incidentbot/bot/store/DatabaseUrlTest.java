package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Database: H2 file URLs made durable and interrupt-safe; failure reasons in one line")
class DatabaseUrlTest {
  @Test
  @DisplayName("H2 file URLs get retry: and WRITE_DELAY=0; others are left alone")
  void effectiveUrl() {
    assertThat(Database.effectiveUrl("jdbc:h2:file:./data/bot"))
        .isEqualTo("jdbc:h2:retry:file:./data/bot;WRITE_DELAY=0");
    assertThat(Database.effectiveUrl("jdbc:h2:./data/bot;AUTO_SERVER=TRUE"))
        .isEqualTo("jdbc:h2:retry:./data/bot;AUTO_SERVER=TRUE;WRITE_DELAY=0");
    assertThat(Database.effectiveUrl("jdbc:h2:file:/x/bot;write_delay=100"))
        .isEqualTo("jdbc:h2:retry:file:/x/bot;write_delay=100");
    assertThat(Database.effectiveUrl("jdbc:h2:retry:/x/bot"))
        .isEqualTo("jdbc:h2:retry:/x/bot;WRITE_DELAY=0");
    assertThat(Database.effectiveUrl("jdbc:h2:mem:t;DB_CLOSE_DELAY=-1"))
        .isEqualTo("jdbc:h2:mem:t;DB_CLOSE_DELAY=-1");
    assertThat(Database.effectiveUrl("jdbc:h2:tcp://h/bot")).isEqualTo("jdbc:h2:tcp://h/bot");
    assertThat(Database.effectiveUrl("jdbc:postgresql://h/bot"))
        .isEqualTo("jdbc:postgresql://h/bot");
  }

  @Test
  @DisplayName("the data file named in reasons")
  void h2File() {
    assertThat(Database.h2File("jdbc:h2:file:./data/bot;X=1")).isEqualTo("./data/bot.mv.db");
    assertThat(Database.h2File("jdbc:h2:retry:file:/d/bot")).isEqualTo("/d/bot.mv.db");
    assertThat(Database.h2File("jdbc:h2:mem:x")).isNull();
    assertThat(Database.h2File("jdbc:postgresql://h/db")).isNull();
  }

  @Test
  @DisplayName("reasons: the I/O error with its file for H2, the driver's first sentence otherwise")
  void reason() {
    var full =
        new SQLException(
            "General error: \"MVStoreException: Writing to FileChannelImpl@1 failed\"",
            new RuntimeException("Writing failed", new IOException("No space left on device")));
    assertThat(Database.reason(full, "/d/bot.mv.db"))
        .isEqualTo("No space left on device writing /d/bot.mv.db");

    var refused =
        new SQLTransientConnectionException(
            "bot-db - Connection is not available, request timed out after 3001ms",
            new SQLException(
                "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are"
                    + " correct",
                new java.net.ConnectException("Connection refused")));
    assertThat(Database.reason(refused, null)).isEqualTo("Connection to 127.0.0.1:5432 refused");

    var quoted =
        new SQLException("FATAL: bad URL jdbc:postgresql://u:pw123@h/db?password=pw123\nmore");
    assertThat(Database.reason(quoted, null))
        .isEqualTo("FATAL: bad URL jdbc:postgresql://u:***@h/db?password=***");
  }
}
