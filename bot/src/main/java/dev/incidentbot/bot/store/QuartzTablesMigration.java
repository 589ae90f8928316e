package dev.incidentbot.bot.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration V20: creates Quartz's job store tables from the DDL script that ships inside the Quartz
 * jar ({@code tables_h2.sql} or {@code tables_postgres.sql}), so the schema always matches the
 * Quartz version on the classpath. The script's own {@code DROP TABLE} and {@code COMMIT}
 * statements are skipped: Flyway owns the transaction, and a database that already has Quartz
 * tables should fail loudly rather than lose its schedules. H2's script has no indexes, so the ones
 * Quartz's queries need (the PostgreSQL script's set) are added after it.
 */
public final class QuartzTablesMigration implements JavaMigration {
  static final String SCRIPTS = "org/quartz/impl/jdbcjobstore/";

  private static final List<String> H2_INDEXES =
      List.of(
          "CREATE INDEX IDX_QRTZ_J_REQ_RECOVERY ON QRTZ_JOB_DETAILS (SCHED_NAME, REQUESTS_RECOVERY)",
          "CREATE INDEX IDX_QRTZ_J_GRP ON QRTZ_JOB_DETAILS (SCHED_NAME, JOB_GROUP)",
          "CREATE INDEX IDX_QRTZ_T_J ON QRTZ_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP)",
          "CREATE INDEX IDX_QRTZ_T_JG ON QRTZ_TRIGGERS (SCHED_NAME, JOB_GROUP)",
          "CREATE INDEX IDX_QRTZ_T_G ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_GROUP)",
          "CREATE INDEX IDX_QRTZ_T_STATE ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE)",
          "CREATE INDEX IDX_QRTZ_T_NFT_ST ON QRTZ_TRIGGERS"
              + " (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME)",
          "CREATE INDEX IDX_QRTZ_T_NFT_MISFIRE ON QRTZ_TRIGGERS"
              + " (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME)",
          "CREATE INDEX IDX_QRTZ_FT_TRIG_INST_NAME ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME)",
          "CREATE INDEX IDX_QRTZ_FT_J_G ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP)",
          "CREATE INDEX IDX_QRTZ_FT_T_G ON QRTZ_FIRED_TRIGGERS"
              + " (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)");

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("20");
  }

  @Override
  public String getDescription() {
    return "quartz tables";
  }

  @Override
  public Integer getChecksum() {
    var crc = new CRC32();
    crc.update(script("tables_h2.sql").getBytes(StandardCharsets.UTF_8));
    crc.update(script("tables_postgres.sql").getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    boolean postgres =
        c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    var statements = statements(script(postgres ? "tables_postgres.sql" : "tables_h2.sql"));
    if (!postgres) {
      statements.addAll(H2_INDEXES);
    }
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The script's statements, without comments, DROP TABLE and COMMIT. */
  static List<String> statements(String script) {
    var code = new StringBuilder();
    for (String line : script.split("\r?\n")) {
      String stripped = line.strip();
      if (!stripped.startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    var out = new ArrayList<String>();
    for (String part : code.toString().split(";")) {
      String sql = part.strip();
      String upper = sql.toUpperCase(Locale.ROOT);
      if (sql.isEmpty() || upper.equals("COMMIT") || upper.startsWith("DROP TABLE")) {
        continue;
      }
      out.add(sql);
    }
    return out;
  }

  static String script(String name) {
    try (InputStream in =
        QuartzTablesMigration.class.getClassLoader().getResourceAsStream(SCRIPTS + name)) {
      if (in == null) {
        throw new IllegalStateException(
            SCRIPTS + name + " is missing from the classpath: is the Quartz jar there?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + SCRIPTS + name, e);
    }
  }
}
