package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Roles;
import java.util.List;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SlashCommands turns command specs into Discord slash commands")
class SlashCommandsTest {

  @Test
  @DisplayName(
      "two-word commands share a top-level command; one-word ones stand alone; hidden ones are left out")
  void groups() {
    List<SlashCommandData> commands =
        SlashCommands.from(
            List.of(
                CommandSpec.of("help", "list commands", Roles.VIEWER),
                CommandSpec.of("redis health", "health", Roles.VIEWER, OptionSpec.target(false)),
                CommandSpec.of("redis purge", "purge", Roles.OPERATOR),
                CommandSpec.hidden("confirm", Roles.OPERATOR)));

    assertThat(commands).extracting(SlashCommandData::getName).containsExactly("help", "redis");
    assertThat(commands.get(1).getSubcommands())
        .extracting(s -> s.getName())
        .containsExactly("health", "purge");
  }

  @Test
  @DisplayName("options keep type, choices and required flag, required first; targets autocomplete")
  void options() {
    var spec =
        CommandSpec.of(
            "redis purge",
            "purge",
            Roles.OPERATOR,
            OptionSpec.target(false),
            OptionSpec.choice("pattern", "what", true, List.of("cache", "rl")),
            OptionSpec.integer("limit", "how many", false, 1, 100));

    List<OptionData> options =
        SlashCommands.from(List.of(spec)).get(0).getSubcommands().get(0).getOptions();

    assertThat(options)
        .extracting(OptionData::getName)
        .containsExactly("pattern", "target", "limit");
    assertThat(options.get(0).isRequired()).isTrue();
    assertThat(options.get(0).getChoices())
        .extracting(c -> c.getAsString())
        .containsExactly("cache", "rl");
    assertThat(options.get(1).isAutoComplete()).isTrue();
    assertThat(options.get(2).getType()).isEqualTo(OptionType.INTEGER);
    assertThat(options.get(2).getMinValue()).isEqualTo(1L);
    assertThat(options.get(2).getMaxValue()).isEqualTo(100L);
  }

  @Test
  @DisplayName("more than 25 choices (40 runbook scripts) become autocomplete, so the bot starts")
  void manyChoices() {
    List<String> scripts =
        java.util.stream.IntStream.range(0, 40).mapToObj(i -> "restart-worker-" + i).toList();
    var spec =
        CommandSpec.of(
            "runbook run",
            "run a script",
            Roles.OPERATOR,
            OptionSpec.choice("script", "configured script", true, scripts));

    OptionData script =
        SlashCommands.from(List.of(spec)).get(0).getSubcommands().get(0).getOptions().get(0);

    assertThat(script.getChoices()).isEmpty();
    assertThat(script.isAutoComplete()).isTrue();
  }
}
