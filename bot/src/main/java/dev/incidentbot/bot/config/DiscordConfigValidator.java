package dev.incidentbot.bot.config;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Roles;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the {@code discord:} section; part of {@link ConfigValidator}. */
final class DiscordConfigValidator {
  private static final Pattern SNOWFLAKE = Pattern.compile("\\d{17,20}");

  private final String source;

  DiscordConfigValidator(String source) {
    this.source = source;
  }

  /** The validated section, or null when the file has no {@code discord:} section. */
  DiscordSettings validate(DiscordConfig raw) throws ConfigException {
    if (raw == null) {
      return null;
    }
    String token = raw.token() == null || raw.token().isBlank() ? null : raw.token().strip();
    if (token != null && token.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(source, "discord.token", "contains spaces; paste only the token");
    }
    String guild = snowflake("discord.guild", raw.guild(), true, "the server (guild) id");
    if (raw.channels() == null) {
      throw new ConfigException(
          source, "discord.channels", "is required: give at least ops: <channel id>");
    }
    String ops = snowflake("discord.channels.ops", raw.channels().ops(), true, "a channel id");
    String stakeholders =
        snowflake("discord.channels.stakeholders", raw.channels().stakeholders(), false, "");
    String alerts = snowflake("discord.channels.alerts", raw.channels().alerts(), false, "");
    var channels = new EnumMap<Outbox.Channel, String>(Outbox.Channel.class);
    channels.put(Outbox.Channel.OPS, ops);
    channels.put(Outbox.Channel.STAKEHOLDERS, stakeholders == null ? ops : stakeholders);
    channels.put(Outbox.Channel.ALERTS, alerts == null ? ops : alerts);
    String onCall = snowflake("discord.onCallRole", raw.onCallRole(), false, "");
    return new DiscordSettings(token, guild, channels, roles(raw.roles()), onCall);
  }

  private Map<String, Set<String>> roles(Map<String, List<String>> raw) throws ConfigException {
    var roles = new LinkedHashMap<String, Set<String>>();
    if (raw == null) {
      return roles;
    }
    for (var entry : raw.entrySet()) {
      String path = "discord.roles." + entry.getKey();
      if (!Roles.ALL.contains(entry.getKey())) {
        throw new ConfigException(
            source,
            path,
            "'" + entry.getKey() + "' is not a role; use viewer, operator, commander");
      }
      List<String> grants = entry.getValue() == null ? List.of() : entry.getValue();
      if (grants.isEmpty()) {
        throw new ConfigException(
            source, path, "list the Discord role ids or names that grant " + entry.getKey());
      }
      var set = new LinkedHashSet<String>();
      for (int i = 0; i < grants.size(); i++) {
        String grant = grants.get(i) == null ? "" : grants.get(i).strip();
        if (grant.isEmpty()) {
          throw new ConfigException(
              source, path + "[" + i + "]", "is empty; give a Discord role id or name");
        }
        set.add(grant.startsWith("@") && !grant.equals("@everyone") ? grant.substring(1) : grant);
      }
      roles.put(entry.getKey(), set);
    }
    return roles;
  }

  private String snowflake(String path, String value, boolean required, String what)
      throws ConfigException {
    if (value == null || value.isBlank()) {
      if (required) {
        throw new ConfigException(source, path, "is required: " + what);
      }
      return null;
    }
    String id = value.strip();
    if (!SNOWFLAKE.matcher(id).matches()) {
      throw new ConfigException(
          source,
          path,
          "'"
              + value
              + "' is not a Discord id (17 to 20 digits; turn on Developer Mode, right-click,"
              + " Copy ID)");
    }
    return id;
  }
}
