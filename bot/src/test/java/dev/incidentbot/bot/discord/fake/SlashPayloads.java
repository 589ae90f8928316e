package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds slash command payloads as Discord's client would, from what the bot registered. */
final class SlashPayloads {
  private SlashPayloads() {}

  /**
   * The {@code data} of a slash command or autocomplete interaction, typed by the registered
   * definitions.
   *
   * @param commands the commands the bot registered
   * @param guild the guild it happens in
   * @param options option values by name; a {@link FakeUser} for a user option
   * @param command "redis health" or "help"
   * @param focused for autocomplete, the option being typed and what was typed so far; else null
   * @throws IllegalArgumentException when Discord's client would not let anyone send it: an
   *     unregistered command or option, a required option missing
   */
  static ObjectNode commandData(
      JsonNode commands,
      FakeGuild guild,
      String command,
      Map<String, ?> options,
      Map.Entry<String, String> focused) {
    String[] words = command.split(" ");
    JsonNode top = null;
    for (JsonNode c : commands) {
      if (c.path("name").asText().equals(words[0])) {
        top = c;
      }
    }
    if (top == null) {
      throw new IllegalArgumentException(
          "the bot has not registered /" + words[0] + "; registered: " + commandNames(commands));
    }
    ObjectNode data =
        Json.object()
            .put("id", top.path("id").asText())
            .put("name", words[0])
            .put("type", 1)
            .put("guild_id", guild.id);
    JsonNode definitions = top.path("options");
    ArrayNode target = data.putArray("options");
    if (words.length > 1) {
      JsonNode sub = null;
      for (JsonNode o : definitions) {
        if (o.path("type").asInt() == 1 && o.path("name").asText().equals(words[1])) {
          sub = o;
        }
      }
      if (sub == null) {
        throw new IllegalArgumentException("/" + words[0] + " has no subcommand " + words[1]);
      }
      ObjectNode subOption = target.addObject().put("type", 1).put("name", words[1]);
      target = subOption.putArray("options");
      definitions = sub.path("options");
    }
    fillOptions(command, definitions, options, focused, target, data, guild);
    return data;
  }

  private static void fillOptions(
      String command,
      JsonNode definitions,
      Map<String, ?> options,
      Map.Entry<String, String> focused,
      ArrayNode target,
      ObjectNode data,
      FakeGuild guild) {
    for (JsonNode def : definitions) {
      String name = def.path("name").asText();
      int type = def.path("type").asInt();
      boolean isFocused = focused != null && focused.getKey().equals(name);
      Object value = isFocused ? focused.getValue() : options.get(name);
      if (value == null) {
        if (def.path("required").asBoolean() && focused == null) {
          throw new IllegalArgumentException("/" + command + " requires option " + name);
        }
        continue;
      }
      ObjectNode o = target.addObject().put("type", type).put("name", name);
      if (type == 6 && !isFocused) {
        FakeUser user = (FakeUser) value;
        o.put("value", user.id());
        ObjectNode resolved = data.with("resolved");
        resolved.with("users").set(user.id(), guild.userJson(user));
        ObjectNode member = guild.memberJson(user);
        member.remove("user");
        resolved.with("members").set(user.id(), member);
      } else if (type == 4 && !isFocused) {
        o.put("value", Long.parseLong(value.toString()));
      } else if (type == 5 && !isFocused) {
        o.put("value", Boolean.parseBoolean(value.toString()));
      } else {
        o.put("value", value.toString());
      }
      if (isFocused) {
        o.put("focused", true);
      }
    }
    for (String given : options.keySet()) {
      boolean known = false;
      for (JsonNode def : definitions) {
        known |= def.path("name").asText().equals(given);
      }
      if (!known) {
        throw new IllegalArgumentException("/" + command + " has no option " + given);
      }
    }
  }

  private static List<String> commandNames(JsonNode commands) {
    var names = new ArrayList<String>();
    commands.forEach(c -> names.add(c.path("name").asText()));
    return names;
  }
}
