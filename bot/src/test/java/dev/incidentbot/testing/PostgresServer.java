package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) for tests: a fresh cluster made
 * with initdb in a temporary directory, listening on 127.0.0.1 and a free port with its unix socket
 * in that directory, durability off for speed. PostgreSQL refuses to run as root, so as root the
 * directory is handed to the {@code postgres} user and every command runs through {@code runuser}.
 * Close it to stop the server and delete the directory.
 */
public final class PostgresServer implements AutoCloseable {
  /** The database user tests connect as (trust authentication, no password). */
  public static final String USER = "bot";

  private static final String INSTALL =
      "PostgreSQL is not installed; run scripts/install-test-deps (it installs it) or"
          + " apt-get install -y postgresql";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private volatile boolean stopped;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Initialises and starts a new server; fails with the install step when PostgreSQL is missing.
   */
  public static PostgresServer start() {
    Path bin = binaries();
    try {
      Path dir = Files.createTempDirectory("pg-test-");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      var server = new PostgresServer(bin, dir, RedisServer.freePort(), root);
      server.initAndStart();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL", e);
    }
  }

  private void initAndStart() {
    init();
    startServer();
  }

  private void init() {
    run(
        "initdb",
        "-D",
        dir.resolve("data").toString(),
        "-U",
        USER,
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync");
  }

  /**
   * Stops the server (an outage: clients' connections drop, new ones are refused), keeping every
   * committed row for {@link #startAgain}.
   */
  public void stop() {
    // fast, not immediate: with fsync and synchronous_commit off, an immediate stop may lose the
    // last commits, which an outage test must find again
    run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    stopped = true;
  }

  /** Starts the server {@link #stop stopped} before, on the same port with the same data. */
  public void startAgain() {
    startServer();
    stopped = false;
  }

  private void startServer() {
    run(
        "pg_ctl",
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "30",
        "-o",
        "-p "
            + port
            + " -k "
            + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            + " -c full_page_writes=off -c max_connections=200",
        "start");
  }

  /** Creates database {@code name} and returns its JDBC URL. */
  public String createDatabase(String name) {
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      if (!stopped) {
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      TestProcess.deleteQuietly(dir);
    }
  }

  private void run(String tool, String... args) {
    var command = new ArrayList<String>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(tool + ".out").toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(tool + " did not finish within 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            tool
                + " failed (exit "
                + p.exitValue()
                + "): "
                + Files.readString(dir.resolve(tool + ".out"))
                + (tool.equals("pg_ctl") ? "\n" + log() : ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + tool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + tool, e);
    }
  }

  /**
   * The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl, or a failure naming the install.
   */
  static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparing(PostgresServer::version));
        if (found.isPresent()) {
          return found.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(INSTALL);
  }

  private static int version(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
