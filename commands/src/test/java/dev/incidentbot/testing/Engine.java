package dev.incidentbot.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The server the tests start, chosen with {@code -Dredis.engine=redis7|redis8|valkey8} (default
 * {@code redis7}): Debian bookworm's Redis 7.0 from {@code /usr/bin}, or Redis 8.0 / Valkey 8.1
 * from Debian trixie, which {@code scripts/install-engines} unpacks into a cache directory with
 * wrappers in its {@code bin/} ({@code redis8-server}, {@code valkey8-cli}, ...). {@link
 * RedisServer} and the cluster and Sentinel fixtures ask {@link #binary} for every process they
 * start, so one property switches a whole test run. Tests that drive a state an engine does not
 * have ask {@link RedisServer#engine()} and skip with an assumption.
 */
public enum Engine {
  /** Debian bookworm's Redis 7.0 (the machine's own {@code redis-server}). */
  REDIS7("redis7", "Redis", 7),
  /** Redis 8.0 from Debian trixie. */
  REDIS8("redis8", "Redis", 8),
  /** Valkey 8.1 from Debian trixie (its INFO says {@code redis_version:7.2.4}). */
  VALKEY8("valkey8", "Valkey", 8);

  /** The system property that chooses the engine. */
  public static final String PROPERTY = "redis.engine";

  /**
   * The property the engines' surefire executions set (commands/pom.xml, bot/pom.xml), ahead of
   * {@link #PROPERTY}, so a {@code -Dredis.engine} given to the whole build does not change them.
   */
  public static final String EXECUTION_PROPERTY = "redis.engine.execution";

  /** The system property (else environment variable) naming the engines' cache directory. */
  public static final String DIR_PROPERTY = "redis.engines.dir";

  private static final String DIR_ENV = "REDIS_ENGINES_DIR";

  private final String id;
  private final String product;
  private final int major;

  Engine(String id, String product, int major) {
    this.id = id;
    this.product = product;
    this.major = major;
  }

  /**
   * The engine this test run starts: the engines' surefire execution's, else {@code
   * -Dredis.engine}, else Redis 7.
   */
  public static Engine current() {
    String value =
        System.getProperty(EXECUTION_PROPERTY, System.getProperty(PROPERTY, ""))
            .trim()
            .toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return REDIS7;
    }
    for (Engine e : values()) {
      if (e.id.equals(value)) {
        return e;
      }
    }
    throw new IllegalStateException(
        "-D" + PROPERTY + "=" + value + " is not one of redis7, redis8, valkey8");
  }

  /** {@code redis7}, {@code redis8} or {@code valkey8}, as the property names it. */
  public String id() {
    return id;
  }

  /** {@code Redis} or {@code Valkey}. */
  public String product() {
    return product;
  }

  /** The major version: 7 or 8. */
  public int major() {
    return major;
  }

  public boolean isValkey() {
    return this == VALKEY8;
  }

  /**
   * How INFO's {@code redis_version} starts on this engine: {@code 7.0.}, {@code 8.0.}, and {@code
   * 7.2.} on Valkey 8.1 (which names its own version in {@code valkey_version}).
   */
  public String reportedRedisVersionPrefix() {
    return switch (this) {
      case REDIS7 -> "7.0.";
      case REDIS8 -> "8.0.";
      case VALKEY8 -> "7.2.";
    };
  }

  /**
   * The executable for {@code name}, one of {@code redis-server}, {@code redis-sentinel} or {@code
   * redis-cli} (named as Redis names them whatever the engine), or a failure that says how to
   * install it.
   */
  public String binary(String name) {
    if (this == REDIS7) {
      for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
      throw new IllegalStateException(
          name
              + " is not installed; run scripts/test (it installs it) or apt-get install"
              + " redis-server");
    }
    String role =
        switch (name) {
          case "redis-server" -> "server";
          case "redis-sentinel" -> "sentinel";
          case "redis-cli" -> "cli";
          default -> throw new IllegalArgumentException(name + " has no " + id + " wrapper");
        };
    Path wrapper = enginesDir().resolve("bin").resolve(id + "-" + role);
    if (!Files.isExecutable(wrapper)) {
      throw new IllegalStateException(
          wrapper
              + " is missing: run scripts/install-engines (scripts/test does) to unpack Redis 8.0"
              + " and Valkey 8.1 from Debian trixie");
    }
    return wrapper.toString();
  }

  /** Where {@code scripts/install-engines} puts the engines (the same rules as the script). */
  public static Path enginesDir() {
    String configured = System.getProperty(DIR_PROPERTY, "");
    if (configured.isBlank()) {
      configured = System.getenv().getOrDefault(DIR_ENV, "");
    }
    if (!configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv().getOrDefault("XDG_CACHE_HOME", "");
    String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
    Path cache = xdg.isBlank() ? Path.of(home, ".cache") : Path.of(xdg);
    return cache.resolve("redis-incident-bot").resolve("engines");
  }

  @Override
  public String toString() {
    return id;
  }
}
