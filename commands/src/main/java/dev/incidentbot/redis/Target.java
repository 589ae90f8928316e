package dev.incidentbot.redis;

import dev.incidentbot.format.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Redis deployment the bot watches, as configured. Targets come only from configuration: no
 * command can point the bot at an address typed in chat.
 *
 * @param name short name used in commands ({@code target:cache})
 * @param mode standalone, sentinel or cluster
 * @param endpoint the node to talk to for standalone targets; for the other modes, the credentials
 *     (and the address used when no node answers)
 * @param sentinelMaster the master name Sentinel knows the target by (sentinel mode only)
 * @param nodes {@code host:port} of the sentinels (sentinel mode) or cluster seed nodes
 * @param services the user-facing services that depend on it, for status updates
 * @param timeout connect and read timeout for every call
 * @param thresholds the limits its health is judged against
 * @param protectedPatterns key patterns no purge may touch
 * @param allowPurgeOf protected patterns this target nevertheless allows to purge
 * @param bullmqPrefixes the key prefixes its BullMQ queues live under (default {@code bull})
 * @param sentinelPassword the password its sentinels require (sentinel mode), or null
 */
public record Target(
    String name,
    Mode mode,
    RedisEndpoint endpoint,
    String sentinelMaster,
    List<String> nodes,
    List<String> services,
    Duration timeout,
    Thresholds thresholds,
    List<String> protectedPatterns,
    List<String> allowPurgeOf,
    List<String> bullmqPrefixes,
    Secret sentinelPassword) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final List<String> DEFAULT_PROTECTED = List.of("bull:*", "rq:*", "session:*");
  public static final List<String> DEFAULT_BULLMQ_PREFIXES = List.of("bull");

  public Target {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(endpoint, "endpoint");
    nodes = List.copyOf(nodes);
    services = List.copyOf(services);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(thresholds, "thresholds");
    protectedPatterns = List.copyOf(protectedPatterns);
    allowPurgeOf = List.copyOf(allowPurgeOf);
    bullmqPrefixes =
        bullmqPrefixes == null || bullmqPrefixes.isEmpty()
            ? DEFAULT_BULLMQ_PREFIXES
            : List.copyOf(bullmqPrefixes);
  }

  /** A target with the default BullMQ prefix and no sentinel password. */
  public Target(
      String name,
      Mode mode,
      RedisEndpoint endpoint,
      String sentinelMaster,
      List<String> nodes,
      List<String> services,
      Duration timeout,
      Thresholds thresholds,
      List<String> protectedPatterns,
      List<String> allowPurgeOf) {
    this(
        name,
        mode,
        endpoint,
        sentinelMaster,
        nodes,
        services,
        timeout,
        thresholds,
        protectedPatterns,
        allowPurgeOf,
        DEFAULT_BULLMQ_PREFIXES,
        null);
  }

  /** A standalone target with the defaults, as tests and the built-in config use. */
  public static Target standalone(String name, String url) {
    return new Target(
        name,
        Mode.STANDALONE,
        RedisEndpoint.parse(url),
        null,
        List.of(),
        List.of(),
        DEFAULT_TIMEOUT,
        Thresholds.DEFAULTS,
        DEFAULT_PROTECTED,
        List.of());
  }

  public Target withTimeout(Duration newTimeout) {
    return new Target(
        name,
        mode,
        endpoint,
        sentinelMaster,
        nodes,
        services,
        newTimeout,
        thresholds,
        protectedPatterns,
        allowPurgeOf,
        bullmqPrefixes,
        sentinelPassword);
  }

  public Target withThresholds(Thresholds newThresholds) {
    return new Target(
        name,
        mode,
        endpoint,
        sentinelMaster,
        nodes,
        services,
        timeout,
        newThresholds,
        protectedPatterns,
        allowPurgeOf,
        bullmqPrefixes,
        sentinelPassword);
  }

  public Target withBullmqPrefixes(List<String> prefixes) {
    return new Target(
        name,
        mode,
        endpoint,
        sentinelMaster,
        nodes,
        services,
        timeout,
        thresholds,
        protectedPatterns,
        allowPurgeOf,
        prefixes,
        sentinelPassword);
  }

  public Target withSentinelPassword(Secret password) {
    return new Target(
        name,
        mode,
        endpoint,
        sentinelMaster,
        nodes,
        services,
        timeout,
        thresholds,
        protectedPatterns,
        allowPurgeOf,
        bullmqPrefixes,
        password);
  }

  /**
   * This target as seen at one of its nodes (a Sentinel-resolved master, a cluster primary): same
   * name, credentials and timeout, so messages and connections name the node actually used.
   */
  public Target atNode(String host, int port) {
    return new Target(
        name,
        mode,
        endpoint.withAddress(host, port),
        sentinelMaster,
        nodes,
        services,
        timeout,
        thresholds,
        protectedPatterns,
        allowPurgeOf,
        bullmqPrefixes,
        sentinelPassword);
  }

  /** "cache (127.0.0.1:6379)": how targets are named in every message. */
  public String describe() {
    return name + " (" + endpoint.address() + ")";
  }

  /** The timeout as people read it: "2 s", "500 ms". */
  public String timeoutText() {
    return Durations.format(timeout);
  }
}
