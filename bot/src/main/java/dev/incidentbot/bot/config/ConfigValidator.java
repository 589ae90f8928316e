package dev.incidentbot.bot.config;

import dev.incidentbot.chat.Roles;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.RecoveryPolicy;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.Secret;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.queues.BullMqQueues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks a bound configuration field by field and builds the immutable {@link BotConfig}. */
final class ConfigValidator {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern HOST_PORT = Pattern.compile("[^\\s:/]+:\\d{1,5}");
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MIN_CONFIRMATION_TTL = Duration.ofSeconds(30);
  private static final Duration MAX_CONFIRMATION_TTL = Duration.ofHours(1);

  private final String source;
  private final Path baseDir;

  ConfigValidator(String source, Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  BotConfig validate(RawConfig raw) throws ConfigException {
    if (raw.targets() == null || raw.targets().isEmpty()) {
      throw new ConfigException(source, "targets", "at least one target is required");
    }
    var targets = new ArrayList<Target>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.targets().size(); i++) {
      String path = "targets[" + i + "]";
      TargetConfig t = raw.targets().get(i);
      if (t == null) {
        throw new ConfigException(source, path, "empty entry; a target needs name: and url:");
      }
      Integer previous = seen.putIfAbsent(t.name(), i);
      if (previous != null) {
        throw new ConfigException(
            source,
            path + ".name",
            "duplicate target name '" + t.name() + "' (also targets[" + previous + "])");
      }
      targets.add(target(path, t));
    }
    var names = new java.util.LinkedHashSet<String>();
    targets.forEach(t -> names.add(t.name()));
    var alertsValidator = new AlertsConfigValidator(source);
    return new BotConfig(
        source,
        targets,
        consoleUsers(raw.console()),
        store(raw.store()),
        new IncidentsConfigValidator(source, baseDir).validate(raw.incidents()),
        new DiscordConfigValidator(source).validate(raw.discord()),
        new FollowUpValidator(source).validate(raw.followUps(), names),
        recovery(raw.recovery()),
        new ScriptsValidator(source, targets).validate(raw.scripts()),
        alertsValidator.alerts(raw.alerts(), List.copyOf(names)),
        alertsValidator.http(raw.http()),
        new SamplesValidator(source, targets).validate(raw.samples()));
  }

  /**
   * One target, checked in the order people read its section: name, mode, address, nodes, the
   * fields that depend on the mode, timeout, thresholds, then BullMQ prefixes; the first problem
   * stops with its path.
   */
  private Target target(String path, TargetConfig t) throws ConfigException {
    name(path, t.name());
    Mode mode = mode(path, t.mode());
    RedisEndpoint endpoint = endpoint(path, t, mode);
    List<String> nodes = nodes(path, t.nodes());
    modeFields(path, t, mode, nodes);
    Duration timeout = timeout(path, t.timeout());
    Thresholds thresholds =
        new ThresholdsValidator(source).validate(path + ".thresholds", t.thresholds());
    return new Target(
        t.name(),
        mode,
        endpoint,
        t.master(),
        nodes,
        t.services() == null ? List.of() : t.services(),
        timeout,
        thresholds,
        t.protect() == null ? Target.DEFAULT_PROTECTED : t.protect(),
        t.allowPurge() == null ? List.of() : t.allowPurge(),
        bullmqPrefixes(path, t.bullmqPrefixes()),
        t.sentinelPassword() == null || t.sentinelPassword().isEmpty()
            ? null
            : new Secret(t.sentinelPassword()));
  }

  private void name(String path, String name) throws ConfigException {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          source,
          path + ".name",
          "'" + name + "' is not a valid name; use lowercase letters, digits, - and _");
    }
  }

  /** The url, required for a standalone target; else the first node stands in for it. */
  private RedisEndpoint endpoint(String path, TargetConfig t, Mode mode) throws ConfigException {
    if (t.url() == null && mode == Mode.STANDALONE) {
      throw new ConfigException(source, path + ".url", "is required, like redis://host:6379");
    }
    try {
      return RedisEndpoint.parse(t.url() != null ? t.url() : "redis://" + firstNode(t));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, path + ".url", e.getMessage());
    }
  }

  private List<String> nodes(String path, List<String> configured) throws ConfigException {
    List<String> nodes = configured == null ? List.of() : configured;
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == null || !HOST_PORT.matcher(nodes.get(i)).matches()) {
        throw new ConfigException(
            source, path + ".nodes[" + i + "]", "'" + nodes.get(i) + "' is not host:port");
      }
    }
    return nodes;
  }

  /**
   * What the mode needs (Sentinel: the master's name and the sentinels; Cluster: a seed node) and
   * what only Sentinel may set (master, sentinelPassword).
   */
  private void modeFields(String path, TargetConfig t, Mode mode, List<String> nodes)
      throws ConfigException {
    if (mode == Mode.SENTINEL) {
      if (t.master() == null || t.master().isBlank()) {
        throw new ConfigException(
            source, path + ".master", "is required for mode sentinel: the name Sentinel uses");
      }
      if (nodes.isEmpty()) {
        throw new ConfigException(
            source, path + ".nodes", "list the sentinels as host:port for mode sentinel");
      }
    } else if (t.master() != null) {
      throw new ConfigException(source, path + ".master", "only applies to mode sentinel");
    } else if (t.sentinelPassword() != null) {
      throw new ConfigException(
          source, path + ".sentinelPassword", "only applies to mode sentinel");
    }
    if (mode == Mode.CLUSTER && nodes.isEmpty() && t.url() == null) {
      throw new ConfigException(
          source, path + ".nodes", "list at least one seed node as host:port for mode cluster");
    }
  }

  /** The timeout, {@link Target#DEFAULT_TIMEOUT} when unset, between 1 ms and 60 s. */
  private Duration timeout(String path, Duration configured) throws ConfigException {
    Duration timeout = configured == null ? Target.DEFAULT_TIMEOUT : configured;
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new ConfigException(
          source,
          path + ".timeout",
          "must be between 1ms and 60s, not " + timeout.toMillis() + "ms");
    }
    return timeout;
  }

  private List<String> bullmqPrefixes(String path, List<String> prefixes) throws ConfigException {
    if (prefixes == null) {
      return Target.DEFAULT_BULLMQ_PREFIXES;
    }
    if (prefixes.isEmpty()) {
      throw new ConfigException(
          source, path + ".bullmqPrefixes", "list at least one prefix, or leave it out for bull");
    }
    for (int i = 0; i < prefixes.size(); i++) {
      String prefix = prefixes.get(i);
      if (!BullMqQueues.validPrefix(prefix)) {
        throw new ConfigException(
            source,
            path + ".bullmqPrefixes[" + i + "]",
            "'" + prefix + "' is not a BullMQ prefix; use 1 to 64 letters, digits and _ { } . : -");
      }
      if (prefixes.indexOf(prefix) < i) {
        throw new ConfigException(
            source, path + ".bullmqPrefixes[" + i + "]", "'" + prefix + "' is listed twice");
      }
    }
    return prefixes;
  }

  private static String firstNode(TargetConfig t) {
    return t.nodes() == null || t.nodes().isEmpty() ? "" : t.nodes().get(0);
  }

  private Mode mode(String path, String text) throws ConfigException {
    if (text == null) {
      return Mode.STANDALONE;
    }
    try {
      return Mode.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          source, path + ".mode", "'" + text + "' is not one of standalone, sentinel, cluster");
    }
  }

  private List<BotConfig.ConsoleUser> consoleUsers(ConsoleConfig console) throws ConfigException {
    if (console == null || console.users() == null || console.users().isEmpty()) {
      return List.of(new BotConfig.ConsoleUser("console", List.copyOf(Roles.ALL)));
    }
    var users = new ArrayList<BotConfig.ConsoleUser>();
    var names = new HashMap<String, Integer>();
    for (int i = 0; i < console.users().size(); i++) {
      String path = "console.users[" + i + "]";
      ConsoleConfig.User u = Objects.requireNonNull(console.users().get(i));
      if (!NAME.matcher(u.name()).matches()) {
        throw new ConfigException(source, path + ".name", "'" + u.name() + "' is not a valid name");
      }
      if (names.putIfAbsent(u.name(), i) != null) {
        throw new ConfigException(source, path + ".name", "duplicate user '" + u.name() + "'");
      }
      List<String> roles = u.roles() == null ? List.of() : u.roles();
      for (int r = 0; r < roles.size(); r++) {
        if (!Roles.ALL.contains(roles.get(r))) {
          throw new ConfigException(
              source,
              path + ".roles[" + r + "]",
              "'" + roles.get(r) + "' is not a role; use viewer, operator or commander");
        }
      }
      users.add(new BotConfig.ConsoleUser(u.name(), roles));
    }
    return users;
  }

  private RecoveryPolicy recovery(RecoveryConfig r) throws ConfigException {
    RecoveryPolicy d = RecoveryPolicy.DEFAULTS;
    if (r == null) {
      return d;
    }
    Duration ttl = r.confirmationTtl() == null ? d.confirmationTtl() : r.confirmationTtl();
    if (ttl.compareTo(MIN_CONFIRMATION_TTL) < 0 || ttl.compareTo(MAX_CONFIRMATION_TTL) > 0) {
      throw new ConfigException(
          source,
          "recovery.confirmationTtl",
          "must be between 30s and 1h, not " + Durations.format(ttl));
    }
    return new RecoveryPolicy(
        ttl, r.highRiskSelfConfirm() == null ? d.highRiskSelfConfirm() : r.highRiskSelfConfirm());
  }

  private StoreConfig store(StoreConfig store) throws ConfigException {
    if (store == null || store.url() == null) {
      return new StoreConfig(
          StoreConfig.DEFAULT_URL,
          store == null ? null : store.user(),
          store == null ? null : store.password());
    }
    if (!store.url().startsWith("jdbc:h2:") && !store.url().startsWith("jdbc:postgresql:")) {
      throw new ConfigException(
          source,
          "store.url",
          "must be a jdbc:h2: or jdbc:postgresql: URL, not '" + store.redactedUrl() + "'");
    }
    return store;
  }
}
