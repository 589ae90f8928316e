package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.OptionSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/**
 * The router's commands as Discord slash commands: {@code "redis health"} becomes {@code /redis}
 * with subcommand {@code health}; one-word commands are top-level. Options keep their type, choices
 * and required flag; target options are autocompleted. Pure: builds data, sends nothing.
 */
final class SlashCommands {
  private static final int DESCRIPTION = 100;

  private SlashCommands() {}

  static List<SlashCommandData> from(List<CommandSpec> specs) {
    Map<String, SlashCommandData> byGroup = new LinkedHashMap<>();
    for (CommandSpec spec : specs) {
      if (spec.hidden()) {
        continue;
      }
      if (spec.subcommand() == null) {
        byGroup.put(
            spec.name(),
            Commands.slash(spec.name(), description(spec.description())).addOptions(options(spec)));
      } else {
        byGroup
            .computeIfAbsent(
                spec.group(), group -> Commands.slash(group, "/" + group + " commands"))
            .addSubcommands(
                new SubcommandData(spec.subcommand(), description(spec.description()))
                    .addOptions(options(spec)));
      }
    }
    return List.copyOf(byGroup.values());
  }

  private static List<OptionData> options(CommandSpec spec) {
    var options = new ArrayList<OptionData>();
    // Discord wants required options before optional ones.
    spec.options().stream()
        .filter(OptionSpec::required)
        .map(SlashCommands::option)
        .forEach(options::add);
    spec.options().stream()
        .filter(o -> !o.required())
        .map(SlashCommands::option)
        .forEach(options::add);
    return options;
  }

  private static OptionData option(OptionSpec o) {
    OptionType type =
        switch (o.type()) {
          case STRING -> OptionType.STRING;
          case INTEGER -> OptionType.INTEGER;
          case BOOLEAN -> OptionType.BOOLEAN;
          case USER -> OptionType.USER;
        };
    var data = new OptionData(type, o.name(), description(o.description()), o.required());
    if (o.choices().size() > DiscordLimits.AUTOCOMPLETE_CHOICES) {
      // Discord takes at most 25 fixed choices; more (runbook scripts) are suggested as typed
      data.setAutoComplete(true);
    } else if (!o.choices().isEmpty()) {
      for (String choice : o.choices()) {
        if (type == OptionType.INTEGER) {
          data.addChoice(choice, Long.parseLong(choice));
        } else {
          data.addChoice(choice, choice);
        }
      }
    } else if (o.completesTargets() && type == OptionType.STRING) {
      data.setAutoComplete(true);
    }
    if (type == OptionType.INTEGER && o.hasRange()) {
      data.setRequiredRange(o.min(), o.max());
    }
    return data;
  }

  private static String description(String text) {
    return text.isBlank() ? "-" : Ellipsis.cutAtWord(text, DESCRIPTION);
  }
}
