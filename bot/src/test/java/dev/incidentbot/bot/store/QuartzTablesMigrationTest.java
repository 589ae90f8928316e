package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("V20 Quartz tables: a checksum that survives a Quartz upgrade")
class QuartzTablesMigrationTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "a database migrated with today's Quartz scripts validates against a jar whose scripts"
          + " changed")
  void upgradeKeepsValidating() throws Exception {
    var config = new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null);
    try (Database db = Database.open(config)) {
      // a later Quartz release whose DDL scripts differ (here: a comment and a column width)
      var upgraded =
          new QuartzTablesMigration(
              name ->
                  QuartzTablesMigration.script(name).replace("VARCHAR(200)", "VARCHAR(250)")
                      + "\n-- Quartz 2.6\n");

      ValidateResult result =
          Database.flyway(db.dataSource(), upgraded).load().validateWithResult();

      assertThat(result.validationSuccessful).as(String.valueOf(result.invalidMigrations)).isTrue();
      try (Connection c = db.connection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT \"checksum\" FROM \"flyway_schema_history\" WHERE \"version\" = '20'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(QuartzTablesMigration.CHECKSUM);
      }
    }
    // and the bot opens it again as it is
    try (Database again = Database.open(config)) {
      assertThat(again.reachable()).isTrue();
    }
  }
}
