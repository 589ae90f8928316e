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
import java.util.function.UnaryOperator;
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

  /**
   * This migration's checksum, fixed. Flyway compares an applied migration's stored checksum with
   * the one it computes at every start-up, and refuses to start on a mismatch. Hashing the scripts
   * in the Quartz jar would make a Quartz upgrade whose DDL differs by a comment stop every
   * existing bot at start-up, although V20 ran once and its tables stay as they were: a versioned
   * migration is not re-applied, and a Quartz release that needs schema changes gets its own
   * migration (V22, …) that alters them. So the checksum names this migration's own logic (which
   * scripts it runs, what it skips, the H2 indexes) and changes only when this class does, which it
   * must not once released. Its value is the CRC32 of Quartz 2.5.2's two scripts, what earlier
   * builds of the bot computed and stored, so databases they migrated still validate.
   */
  static final int CHECKSUM = 1_446_747_403;

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

  private final UnaryOperator<String> scripts;

  /** The migration with the DDL scripts of the Quartz jar on the classpath. */
  public QuartzTablesMigration() {
    this(QuartzTablesMigration::script);
  }

  /** The migration reading each DDL script by file name from {@code scripts} (tests). */
  QuartzTablesMigration(UnaryOperator<String> scripts) {
    this.scripts = scripts;
  }

  /** {@link #CHECKSUM}: not a hash of the Quartz jar's scripts, which would break upgrades. */
  @Override
  public Integer getChecksum() {
    return CHECKSUM;
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
    var statements = statements(scripts.apply(postgres ? "tables_postgres.sql" : "tables_h2.sql"));
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
