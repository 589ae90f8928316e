package dev.incidentbot.bot.fault;

import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SharedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The bot as a real child process, the way an operator runs it, for tests that kill it: {@code java
 * -cp <this JVM's class path> dev.incidentbot.bot.launch.Main --config <generated yml>} in console
 * mode (no Discord token), its standard input a pipe kept open so the console chat keeps running,
 * the HTTP port on 127.0.0.1 and a free port (the same one after every restart), and its database
 * an H2 file in the data directory unless PostgreSQL is given.
 *
 * <pre>{@code
 * try (var bot = BotProcess.in(dir).targets(yaml).database("PostgreSQL", pg).start()) {
 *   bot.postWebhook(body);            // Alertmanager webhook with the harness's token
 *   int from = bot.mark();            // where the output stands now
 *   bot.send("/redis purge pattern:cache:* target:main");   // a console line
 *   Matcher m = bot.await(from, "\\[(\\d+)\\] Confirm", Duration.ofSeconds(60));
 *   bot.kill9();                      // SIGKILL: no shutdown hook, no flush, no goodbye
 *   bot.restart();                    // same config, same database, same port
 *   bot.awaitOutput(text -> ..., Duration.ofSeconds(60), "what we wait for");
 *   bot.stop();                       // end of input: the bot finishes and exits
 * }
 * }</pre>
 *
 * <p>Everything the bot prints is kept as lines, per run ({@link #output()} joins every run, {@link
 * #runOutput()} is the current one), and copied to {@code stdout-N.log} in {@code dir}; its
 * standard error (its log) goes to {@code stderr-N.log} there and is quoted in failures. Give the
 * test's {@code @TempDir} {@code cleanup = ON_SUCCESS} to keep them after a failure. On H2 the
 * database can be opened by the test ({@link #openStore()}) only once the bot is stopped or killed.
 * Not thread-safe: one test drives one bot.
 */
public final class BotProcess implements AutoCloseable {
  /** The bearer token the generated config sets for {@code POST /alerts/alertmanager}. */
  public static final String TOKEN = "fault-token-0123456789abcdef";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path config;
  private final int port;
  private final String storeUrl;
  private final String storeUser;
  private final List<String> jvmArgs;
  private final String mainClass;
  private final String discordToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<List<String>> runs = new ArrayList<>();
  private Process process;
  private OutputStream stdin;
  private List<String> lines;
  private Thread reader;
  private Path stderr;

  private BotProcess(Builder b) throws IOException {
    this.dir = b.dir;
    this.port = RedisServer.freePort();
    this.storeUrl =
        b.storeUrl != null ? b.storeUrl : "jdbc:h2:file:" + dir.resolve("data").resolve("bot");
    this.storeUser = b.storeUser;
    this.jvmArgs = List.copyOf(b.jvmArgs);
    this.mainClass = b.mainClass;
    this.discordToken = b.discordToken;
    Files.createDirectories(dir);
    this.config = dir.resolve("config.yml");
    Files.writeString(config, yaml(b));
  }

  /** A bot whose config, database (H2) and logs live in {@code dir}. */
  public static Builder in(Path dir) {
    return new Builder(dir);
  }

  /** How the bot is configured before it starts. */
  public static final class Builder {
    private final Path dir;
    private String targets;
    private String alerts = "";
    private String more = "";
    private String storeUrl;
    private String storeUser;
    private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
    private String mainClass = "dev.incidentbot.bot.launch.Main";
    private String discordToken;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /**
     * Runs the bot in Discord mode against {@code fake} (in the test's JVM) instead of the console
     * ({@link FakeDiscordMain}): the fake's {@code discord:} section is added to the config, its
     * token set as {@code DISCORD_TOKEN}. Standard input is not read.
     */
    public Builder discord(dev.incidentbot.bot.discord.fake.FakeDiscord fake) {
      this.mainClass = FakeDiscordMain.class.getName();
      this.discordToken = fake.token();
      jvmArgs.add("-D" + FakeDiscordMain.REST + "=" + fake.restUrl());
      jvmArgs.add("-D" + FakeDiscordMain.GATEWAY + "=" + fake.gatewayUrl());
      return yaml(fake.configSection());
    }

    /** The {@code targets:} section, as YAML starting with {@code targets:}. Required. */
    public Builder targets(String yaml) {
      this.targets = yaml;
      return this;
    }

    /** A {@code targets:} section of one standalone target. */
    public Builder target(String name, String url) {
      return targets("targets:\n  - name: " + name + "\n    url: " + url + "\n");
    }

    /** Lines under {@code alerts:} besides the token, unindented ("queue: 100\nworkers: 4"). */
    public Builder alerts(String lines) {
      this.alerts = lines;
      return this;
    }

    /** Further top-level sections (incidents:, followUps:, recovery:, scripts:, …), added. */
    public Builder yaml(String sections) {
      this.more += sections.strip() + "\n";
      return this;
    }

    /**
     * The console's people: alice (viewer, operator, commander) asks, bob (viewer, operator)
     * confirms what needs a second person: {@code @bob press N}.
     */
    public Builder aliceAndBob() {
      return yaml(
          """
          console:
            users:
              - name: alice
                roles: [viewer, operator, commander]
              - name: bob
                roles: [viewer, operator]
          """);
    }

    /** The bot's database on PostgreSQL instead of an H2 file in the directory. */
    public Builder store(String jdbcUrl, String user) {
      this.storeUrl = jdbcUrl;
      this.storeUser = user;
      return this;
    }

    /**
     * The bot's database by name, as the fault tests are parametrized: {@code "H2"} keeps the H2
     * file in the directory, {@code "PostgreSQL"} creates a new database on {@code pg} (a server
     * the test class shares between its tests).
     */
    public Builder database(String kind, SharedPostgres pg) {
      switch (kind) {
        case "H2" -> {
          return this;
        }
        case "PostgreSQL" -> {
          return store(pg.createDatabase("fault"), PostgresServer.USER);
        }
        default -> throw new IllegalArgumentException("H2 or PostgreSQL, not " + kind);
      }
    }

    /** An extra JVM option for the child ("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"). */
    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** Writes the config and starts the bot; returns once {@code /healthz} answers 200. */
    public BotProcess start() throws IOException, InterruptedException {
      if (targets == null) {
        throw new IllegalStateException("targets(...) is required");
      }
      var bot = new BotProcess(this);
      bot.launch();
      return bot;
    }
  }

  private String yaml(Builder b) {
    var sb = new StringBuilder(b.targets.strip()).append('\n');
    sb.append("store:\n  url: \"").append(storeUrl).append("\"\n");
    if (storeUser != null) {
      sb.append("  user: ").append(storeUser).append('\n');
    }
    sb.append("alerts:\n  token: ").append(TOKEN).append('\n');
    b.alerts.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
    sb.append("http:\n  address: 127.0.0.1\n  port: ").append(port).append('\n');
    sb.append(b.more.strip()).append('\n');
    return sb.toString();
  }

  private void launch() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<String>();
    command.add(java);
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            mainClass,
            "--config",
            config.toString()));
    stderr = dir.resolve("stderr-" + (runs.size() + 1) + ".log");
    var builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile());
    builder.environment().remove("DISCORD_TOKEN");
    if (discordToken != null) {
      builder.environment().put("DISCORD_TOKEN", discordToken);
    }
    process = builder.start();
    stdin = process.getOutputStream();
    lines = new CopyOnWriteArrayList<>();
    runs.add(lines);
    Path stdout = dir.resolve("stdout-" + runs.size() + ".log");
    reader = new Thread(() -> read(process.getInputStream(), lines, stdout), "bot-stdout");
    reader.setDaemon(true);
    reader.start();
    awaitHealthy();
  }

  private static void read(InputStream in, List<String> into, Path copy) {
    try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        var w = Files.newBufferedWriter(copy)) {
      String line;
      while ((line = r.readLine()) != null) {
        into.add(line);
        w.write(line);
        w.newLine();
        w.flush();
      }
    } catch (IOException e) {
      // the process died: what it printed before is kept
    }
  }

  private void awaitHealthy() {
    try {
      Awaitility.await("the bot's /healthz answering 200")
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError(
                      "the bot exited with "
                          + process.exitValue()
                          + " while starting: "
                          + stderr());
                }
                try {
                  return get("/healthz").statusCode() == 200;
                } catch (IOException notYet) {
                  return false; // not listening yet
                }
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the bot's /healthz did not answer 200 within " + START_TIMEOUT);
    }
  }

  /** Kills the bot with SIGKILL, as {@code kill -9} does, and waits until it is gone. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the bot survived SIGKILL for 30 s");
    }
    reader.join(5000); // everything it printed before it died is in output()
  }

  /**
   * Sends the bot a signal, as {@code kill -STOP} or {@code kill -CONT} does: STOP freezes it
   * (sockets stay open, nothing runs), as a long pause or a hung VM would.
   */
  public void signal(String name) throws IOException, InterruptedException {
    int code =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    if (code != 0) {
      throw new AssertionError("kill -" + name + " failed with " + code);
    }
  }

  /** Starts the bot again on the same config, database and port, once the last one is gone. */
  public void restart() throws IOException, InterruptedException {
    if (process.isAlive()) {
      throw new IllegalStateException("the bot is still running; kill9() or stop() it first");
    }
    launch();
  }

  /**
   * Ends the console's input, as Ctrl-D does: the bot finishes what runs and exits.
   *
   * @return its exit code
   */
  public int stop() throws InterruptedException {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the bot did not exit within 60 s of the end of its input");
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** Types {@code line} into the console chat. */
  public void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** POSTs an Alertmanager webhook body with the harness's token. */
  public HttpResponse<String> postWebhook(String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri("/alerts/alertmanager"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code path} on the bot's HTTP port. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Waits until everything printed so far, in every run, satisfies {@code done}. */
  public void awaitOutput(Predicate<String> done, Duration timeout, String what) {
    try {
      Awaitility.await(what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (done.test(output())) {
                  return true;
                }
                if (!process.isAlive()) {
                  throw new AssertionError(
                      "the bot exited while waiting for "
                          + what
                          + "; it printed:\n"
                          + output()
                          + "\nits log: "
                          + stderr());
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited "
              + timeout.toSeconds()
              + " s for "
              + what
              + "; the bot printed:\n"
              + output()
              + "\nits log: "
              + stderr());
    }
  }

  /** Where the output of every run so far ends: a {@code from} for {@link #await}. */
  public int mark() {
    return output().length();
  }

  /**
   * Waits until what was printed after {@code from} (a {@link #mark}) matches {@code regex} (dot
   * matches line ends), and returns the match.
   */
  public Matcher await(int from, String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
    Matcher[] found = new Matcher[1];
    awaitOutput(
        out -> {
          Matcher m = pattern.matcher(out.substring(Math.min(from, out.length())));
          if (m.find()) {
            found[0] = m;
            return true;
          }
          return false;
        },
        timeout,
        "/" + regex + "/");
    return found[0];
  }

  /** What the bot printed in every run so far, in order. */
  public String output() {
    var all = new StringBuilder();
    for (List<String> run : runs) {
      run.forEach(l -> all.append(l).append('\n'));
    }
    return all.toString();
  }

  /** What the current (or last) run printed. */
  public String runOutput() {
    return String.join("\n", lines);
  }

  /** How often {@code regex} matches in {@code text}. */
  public static int occurrences(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The current (or last) run's standard error: its log. */
  public String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDBC URL of the bot's database; open it only while the bot is stopped on H2. */
  public String storeUrl() {
    return storeUrl;
  }

  /** A connection to the bot's database; on H2 only while the bot is stopped or killed. */
  public Connection openStore() throws SQLException {
    return DriverManager.getConnection(storeUrl, storeUser, null);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
