package dev.incidentbot.bot.config;

import dev.incidentbot.alert.AlertSettings;
import dev.incidentbot.alert.TargetMatcher;
import dev.incidentbot.chat.Roles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks {@code alerts:} and {@code http:} field by field, with the path to each bad field. */
final class AlertsConfigValidator {
  private static final Pattern SNOWFLAKE = Pattern.compile("\\d{17,20}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,253}");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9/._~-]+");
  private static final Set<String> INCIDENT_SEVERITIES = Set.of("P0", "P1", "P2");
  private static final int MIN_TOKEN = 16;

  private final String source;

  AlertsConfigValidator(String source) {
    this.source = source;
  }

  AlertsSection alerts(AlertsConfig raw, List<String> targetNames) throws ConfigException {
    if (raw == null) {
      return AlertsSection.defaults();
    }
    AlertSettings defaults = AlertSettings.defaults();
    Set<String> senders = senders(raw.senders());
    List<TargetMatcher> matchers = matchers(raw.targets(), targetNames);
    String targetLabel =
        raw.targetLabel() == null
            ? AlertsSection.DEFAULT_TARGET_LABEL
            : label("alerts.targetLabel", raw.targetLabel());
    Duration triage =
        window(
            "alerts.triageWindow",
            raw.triageWindow(),
            defaults.triageWindow(),
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    Duration update =
        window(
            "alerts.updateWindow",
            raw.updateWindow(),
            defaults.updateWindow(),
            Duration.ZERO,
            Duration.ofHours(1));
    Duration retry =
        window(
            "alerts.retryWindow",
            raw.retryWindow(),
            defaults.retryWindow(),
            Duration.ofMinutes(1),
            Duration.ofDays(7));
    String severityLabel =
        raw.severityLabel() == null
            ? defaults.severityLabel()
            : label("alerts.severityLabel", raw.severityLabel());
    Map<String, String> autoDeclare = autoDeclare(raw.autoDeclare());
    Set<String> roles = roles(raw.roles(), defaults.roles());
    if (!autoDeclare.isEmpty() && !roles.contains(Roles.COMMANDER)) {
      throw new ConfigException(
          source,
          "alerts.roles",
          "autoDeclare needs the commander role for the alert actor; add commander to alerts.roles");
    }
    int workers = range("alerts.workers", raw.workers(), defaults.workers(), 1, 256);
    int queue = range("alerts.queue", raw.queue(), defaults.queueCapacity(), 1, 1_000_000);
    String token = token(raw.token());
    var intake =
        new AlertSettings(
            triage, update, retry, roles, severityLabel, autoDeclare, senders, workers, queue);
    List<AlertmanagerEndpoint> alertmanagers = alertmanagers(raw.alertmanagers());
    Duration warning =
        window(
            "alerts.silenceWarning",
            raw.silenceWarning(),
            AlertsSection.DEFAULT_SILENCE_WARNING,
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    return new AlertsSection(intake, matchers, targetLabel, token, alertmanagers, warning);
  }

  private List<AlertmanagerEndpoint> alertmanagers(List<AlertmanagerConfig> raw)
      throws ConfigException {
    var list = new ArrayList<AlertmanagerEndpoint>();
    var names = new LinkedHashSet<String>();
    List<AlertmanagerConfig> given = raw == null ? List.of() : raw;
    for (int i = 0; i < given.size(); i++) {
      String path = "alerts.alertmanagers[" + i + "]";
      AlertmanagerConfig am = given.get(i);
      if (am == null) {
        throw new ConfigException(source, path, "empty entry; give at least url:");
      }
      java.net.URI base = alertmanagerUrl(path + ".url", am.url());
      String prefix = am.pathPrefix() == null ? "" : am.pathPrefix().strip();
      if (!prefix.isEmpty()
          && (!prefix.startsWith("/") || prefix.endsWith("/") || !PATH.matcher(prefix).matches())) {
        throw new ConfigException(
            source,
            path + ".pathPrefix",
            "'"
                + am.pathPrefix()
                + "' is not a path prefix; write it like /api/alertmanager/grafana (leading /, no"
                + " trailing /)");
      }
      String name =
          am.name() == null
              ? base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
              : am.name().strip();
      if (name.isEmpty() || name.length() > 60) {
        throw new ConfigException(source, path + ".name", "give a name of 1 to 60 characters");
      }
      if (!names.add(name)) {
        throw new ConfigException(
            source, path + ".name", "'" + name + "' names two Alertmanagers; give each its own");
      }
      String authorization = authorization(path, am);
      Duration timeout = am.timeout() == null ? Duration.ofSeconds(5) : am.timeout();
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new ConfigException(
            source,
            path + ".timeout",
            "must be between 100ms and 60s, not " + timeout.toMillis() + "ms");
      }
      String root = base.toString().replaceAll("/+$", "");
      list.add(
          new AlertmanagerEndpoint(
              name, java.net.URI.create(root + prefix + "/api/v2/"), authorization, timeout));
    }
    return list;
  }

  private java.net.URI alertmanagerUrl(String path, String raw) throws ConfigException {
    java.net.URI uri;
    try {
      uri = new java.net.URI(raw == null ? "" : raw.strip());
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getFragment() != null
        || uri.getUserInfo() != null) {
      throw new ConfigException(
          source,
          path,
          "'"
              + raw
              + "' is not an Alertmanager URL; write it like http://alertmanager:9093 (credentials"
              + " go in bearerToken: or basicAuth:, from the environment)");
    }
    return uri;
  }

  private String authorization(String path, AlertmanagerConfig am) throws ConfigException {
    if (am.bearerToken() != null && am.basicAuth() != null) {
      throw new ConfigException(source, path, "give bearerToken: or basicAuth:, not both");
    }
    if (am.bearerToken() != null) {
      String token = am.bearerToken().strip();
      if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
        throw new ConfigException(
            source,
            path + ".bearerToken",
            "is empty or has spaces; use ${ALERTMANAGER_TOKEN} with the token in the environment");
      }
      return "Bearer " + token;
    }
    if (am.basicAuth() != null) {
      String user = am.basicAuth().username();
      if (user.isEmpty() || user.contains(":")) {
        throw new ConfigException(
            source, path + ".basicAuth.username", "must be non-empty and without ':'");
      }
      if (am.basicAuth().password().isEmpty()) {
        throw new ConfigException(
            source,
            path + ".basicAuth.password",
            "is empty; use ${ALERTMANAGER_PASSWORD} with the password in the environment");
      }
      return "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  (user + ":" + am.basicAuth().password())
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return null;
  }

  HttpSettings http(HttpConfig raw) throws ConfigException {
    if (raw == null) {
      return null;
    }
    String address = raw.address() == null ? HttpConfig.DEFAULT_ADDRESS : raw.address().strip();
    if (!HOST.matcher(address).matches()) {
      throw new ConfigException(
          source, "http.address", "'" + raw.address() + "' is not an IP address or host name");
    }
    int port = range("http.port", raw.port(), HttpConfig.DEFAULT_PORT, 0, 65_535);
    return new HttpSettings(address, port);
  }

  private Set<String> senders(List<String> raw) throws ConfigException {
    var senders = new LinkedHashSet<String>();
    List<String> list = raw == null ? List.of() : raw;
    for (int i = 0; i < list.size(); i++) {
      String id = list.get(i);
      if (id == null || !SNOWFLAKE.matcher(id.strip()).matches()) {
        throw new ConfigException(
            source,
            "alerts.senders[" + i + "]",
            "'" + id + "' is not a Discord id (17 to 20 digits: a webhook id or a bot's user id)");
      }
      senders.add(id.strip());
    }
    return senders;
  }

  private List<TargetMatcher> matchers(List<AlertsConfig.Matcher> raw, List<String> targetNames)
      throws ConfigException {
    var matchers = new ArrayList<TargetMatcher>();
    List<AlertsConfig.Matcher> list = raw == null ? List.of() : raw;
    for (int i = 0; i < list.size(); i++) {
      String path = "alerts.targets[" + i + "]";
      AlertsConfig.Matcher m = list.get(i);
      if (m == null) {
        throw new ConfigException(source, path, "empty entry; a matcher needs target: and labels:");
      }
      if (!targetNames.contains(m.target())) {
        throw new ConfigException(
            source,
            path + ".target",
            "'"
                + m.target()
                + "' is not a configured target; known: "
                + String.join(", ", targetNames));
      }
      if (m.labels() == null || m.labels().isEmpty()) {
        throw new ConfigException(
            source, path + ".labels", "give at least one label, like instance: 10.0.0.5:9121");
      }
      var labels = new LinkedHashMap<String, String>();
      for (var e : m.labels().entrySet()) {
        label(path + ".labels", e.getKey());
        if (e.getValue() == null || e.getValue().isBlank()) {
          throw new ConfigException(
              source, path + ".labels." + e.getKey(), "needs a value (* matches anything)");
        }
        labels.put(e.getKey(), e.getValue());
      }
      matchers.add(new TargetMatcher(m.target(), labels));
    }
    return matchers;
  }

  private Map<String, String> autoDeclare(Map<String, String> raw) throws ConfigException {
    var map = new LinkedHashMap<String, String>();
    if (raw == null) {
      return map;
    }
    for (var e : raw.entrySet()) {
      String path = "alerts.autoDeclare." + e.getKey();
      String severity = e.getValue() == null ? "" : e.getValue().strip().toUpperCase(Locale.ROOT);
      if (!INCIDENT_SEVERITIES.contains(severity)) {
        throw new ConfigException(
            source, path, "'" + e.getValue() + "' is not an incident severity; use P0, P1 or P2");
      }
      map.put(e.getKey().strip().toLowerCase(Locale.ROOT), severity);
    }
    return map;
  }

  private Set<String> roles(List<String> raw, Set<String> defaults) throws ConfigException {
    if (raw == null) {
      return defaults;
    }
    var roles = new LinkedHashSet<String>();
    for (int i = 0; i < raw.size(); i++) {
      if (!Roles.ALL.contains(raw.get(i))) {
        throw new ConfigException(
            source,
            "alerts.roles[" + i + "]",
            "'" + raw.get(i) + "' is not a role; use viewer, operator or commander");
      }
      roles.add(raw.get(i));
    }
    if (roles.isEmpty()) {
      throw new ConfigException(
          source, "alerts.roles", "give the alert actor at least the viewer role");
    }
    return roles;
  }

  private String token(String raw) throws ConfigException {
    if (raw == null) {
      return null;
    }
    if (raw.strip().length() < MIN_TOKEN || raw.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(
          source,
          "alerts.token",
          "must be at least "
              + MIN_TOKEN
              + " characters without spaces; use ${ALERT_TOKEN} with a random value");
    }
    return raw;
  }

  private String label(String path, String name) throws ConfigException {
    if (name == null || !LABEL.matcher(name).matches()) {
      throw new ConfigException(
          source, path, "'" + name + "' is not a label name (letters, digits and _)");
    }
    return name;
  }

  private Duration window(String path, Duration value, Duration dflt, Duration min, Duration max)
      throws ConfigException {
    Duration d = value == null ? dflt : value;
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(
          source,
          path,
          "must be between "
              + min.toSeconds()
              + "s and "
              + max.toHours()
              + "h, not "
              + d.toMillis()
              + "ms");
    }
    return d;
  }

  private int range(String path, Integer value, int dflt, int min, int max) throws ConfigException {
    int v = value == null ? dflt : value;
    if (v < min || v > max) {
      throw new ConfigException(
          source, path, "must be between " + min + " and " + max + ", not " + v);
    }
    return v;
  }
}
