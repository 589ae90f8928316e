package dev.incidentbot.bot.config;

import dev.incidentbot.chat.Roles;
import dev.incidentbot.incident.IncidentSettings;
import dev.incidentbot.incident.IncidentSeverity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks {@code incidents:} field by field; every error names the path to the field. */
final class IncidentsConfigValidator {
  private static final Duration MIN_REMINDER = Duration.ofSeconds(1);
  private static final Duration MAX_REMINDER = Duration.ofHours(24);
  private static final Duration MAX_WEBHOOK_TIMEOUT = Duration.ofSeconds(30);
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  private final String source;
  private final Path baseDir;

  /**
   * @param baseDir the directory relative template paths are read from (the config file's)
   */
  IncidentsConfigValidator(String source, Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  IncidentsSection validate(IncidentsConfig raw) throws ConfigException {
    if (raw == null) {
      return IncidentsSection.DEFAULTS;
    }
    IncidentSettings d = IncidentSettings.DEFAULTS;
    IncidentsConfig.Roles r = raw.roles();
    var behaviour =
        new IncidentSettings(
            raw.system() == null ? d.system() : raw.system(),
            role("incidents.roles.declare", r == null ? null : r.declare(), d.declareRole()),
            role("incidents.roles.update", r == null ? null : r.update(), d.updateRole()),
            role("incidents.roles.resolve", r == null ? null : r.resolve(), d.resolveRole()),
            role("incidents.roles.assign", r == null ? null : r.assign(), d.assignRole()),
            reminders(raw.reminders()),
            raw.snooze() == null
                ? d.snooze()
                : between("incidents.snooze", raw.snooze(), MIN_REMINDER, MAX_REMINDER));
    return new IncidentsSection(behaviour, templates(raw.templates()), webhooks(raw.webhooks()));
  }

  private String role(String path, String value, String fallback) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (!Roles.ALL.contains(value)) {
      throw new ConfigException(
          source, path, "'" + value + "' is not a role; use viewer, operator or commander");
    }
    return value;
  }

  private Map<IncidentSeverity, Duration> reminders(Map<String, Duration> raw)
      throws ConfigException {
    var out = new EnumMap<IncidentSeverity, Duration>(IncidentSettings.DEFAULT_REMINDERS);
    if (raw == null) {
      return out;
    }
    for (var e : raw.entrySet()) {
      String path = "incidents.reminders." + e.getKey();
      IncidentSeverity severity;
      try {
        severity = IncidentSeverity.valueOf(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(source, path, "is not a severity; use P0, P1 or P2");
      }
      if (e.getValue() == null) {
        throw new ConfigException(source, path, "needs a duration, like 15m");
      }
      out.put(severity, between(path, e.getValue(), MIN_REMINDER, MAX_REMINDER));
    }
    return out;
  }

  private Duration between(String path, Duration value, Duration min, Duration max)
      throws ConfigException {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          source,
          path,
          "must be between "
              + dev.incidentbot.format.Durations.format(min)
              + " and "
              + dev.incidentbot.format.Durations.format(max));
    }
    return value;
  }

  private Path templates(String dir) throws ConfigException {
    if (dir == null) {
      return null;
    }
    Path path;
    try {
      path = baseDir.resolve(dir).normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(source, "incidents.templates", "'" + dir + "' is not a path");
    }
    if (!Files.isDirectory(path)) {
      throw new ConfigException(source, "incidents.templates", "'" + path + "' is not a directory");
    }
    return path;
  }

  private List<StakeholderWebhook> webhooks(List<IncidentsConfig.Webhook> raw)
      throws ConfigException {
    if (raw == null) {
      return List.of();
    }
    var out = new ArrayList<StakeholderWebhook>();
    var names = new HashMap<String, Integer>();
    for (int i = 0; i < raw.size(); i++) {
      String path = "incidents.webhooks[" + i + "]";
      IncidentsConfig.Webhook w = raw.get(i);
      if (w == null) {
        throw new ConfigException(source, path, "empty entry; a webhook needs name: and url:");
      }
      if (!NAME.matcher(w.name()).matches()) {
        throw new ConfigException(
            source, path + ".name", "'" + w.name() + "' is not a valid name; use a-z, 0-9, - _");
      }
      Integer previous = names.putIfAbsent(w.name(), i);
      if (previous != null) {
        throw new ConfigException(
            source,
            path + ".name",
            "duplicate webhook '" + w.name() + "' (also incidents.webhooks[" + previous + "])");
      }
      out.add(
          new StakeholderWebhook(
              w.name(),
              url(path + ".url", w.url()),
              format(path + ".format", w.format()),
              w.timeout() == null
                  ? StakeholderWebhook.DEFAULT_TIMEOUT
                  : between(
                      path + ".timeout",
                      w.timeout(),
                      Duration.ofMillis(100),
                      MAX_WEBHOOK_TIMEOUT)));
    }
    return out;
  }

  private URI url(String path, String text) throws ConfigException {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new ConfigException(source, path, "must be an http:// or https:// URL");
      }
      if (uri.getHost() == null) {
        throw new ConfigException(source, path, "has no host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(source, path, "is not a URL (" + e.getReason() + ")");
    }
  }

  private StakeholderWebhook.Format format(String path, String text) throws ConfigException {
    if (text == null) {
      return StakeholderWebhook.Format.JSON;
    }
    try {
      return StakeholderWebhook.Format.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, path, "'" + text + "' is not one of json, slack");
    }
  }
}
