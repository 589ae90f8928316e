package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Outbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("discord: section of the configuration")
class DiscordConfigTest {
  private static final String TARGETS =
      "targets:\n  - name: main\n    url: redis://localhost:6379\n";
  private final ConfigLoader loader = new ConfigLoader(Map.of("DISCORD_TOKEN", "tok.en-1")::get);

  private BotConfig parse(String discord) throws ConfigException {
    return loader.parse("config.yml", TARGETS + discord);
  }

  @Test
  @DisplayName("a full section is read, ids quoted or not, roles by id or name")
  void fullSection() throws ConfigException {
    BotConfig config =
        parse(
            """
            discord:
              token: ${DISCORD_TOKEN}
              guild: 100000000000000001
              channels:
                ops: "100000000000000002"
                stakeholders: 100000000000000003
                alerts: "100000000000000004"
              roles:
                viewer: ["@everyone"]
                operator: [SRE, 100000000000000005]
                commander: "Incident Commander"
              onCallRole: "100000000000000006"
            """);

    DiscordSettings discord = config.discordSettings().orElseThrow();
    assertThat(discord.token()).isEqualTo("tok.en-1");
    assertThat(discord.guildId()).isEqualTo("100000000000000001");
    assertThat(discord.channelId(Outbox.Channel.OPS)).isEqualTo("100000000000000002");
    assertThat(discord.channelId(Outbox.Channel.STAKEHOLDERS)).isEqualTo("100000000000000003");
    assertThat(discord.channelId(Outbox.Channel.ALERTS)).isEqualTo("100000000000000004");
    assertThat(discord.roles().get("operator")).containsExactly("SRE", "100000000000000005");
    assertThat(discord.roles().get("commander")).containsExactly("Incident Commander");
    assertThat(discord.onCallRole()).contains("100000000000000006");
    assertThat(discord.toString()).doesNotContain("tok.en-1");
  }

  @Test
  @DisplayName("stakeholders and alerts default to the ops channel; no token means DISCORD_TOKEN")
  void defaults() throws ConfigException {
    DiscordSettings discord =
        parse(
                """
                discord:
                  guild: "100000000000000001"
                  channels: { ops: "100000000000000002" }
                """)
            .discordSettings()
            .orElseThrow();

    assertThat(discord.token()).isNull();
    assertThat(discord.channels().values()).containsOnly("100000000000000002");
    assertThat(discord.onCallRole()).isEmpty();
    assertThat(discord.roles()).isEmpty();
  }

  @Test
  @DisplayName("no discord: section means console only")
  void absent() throws ConfigException {
    assertThat(parse("").discordSettings()).isEmpty();
  }

  @Test
  @DisplayName("Discord roles map onto bot roles by id, by name (any case) and through @everyone")
  void roleMapping() throws ConfigException {
    DiscordSettings discord =
        parse(
                """
                discord:
                  guild: "100000000000000001"
                  channels: { ops: "100000000000000002" }
                  roles:
                    viewer: ["@everyone"]
                    operator: [sre]
                    commander: ["100000000000000009"]
                """)
            .discordSettings()
            .orElseThrow();

    assertThat(discord.botRoles(List.of(Map.entry("1", "@everyone")))).containsExactly("viewer");
    assertThat(discord.botRoles(List.of(Map.entry("1", "@everyone"), Map.entry("2", "SRE"))))
        .containsExactly("operator", "viewer");
    assertThat(discord.botRoles(List.of(Map.entry("100000000000000009", "Boss"))))
        .containsExactly("commander");
    assertThat(discord.botRoles(List.of(Map.entry("3", "Guests")))).isEmpty();
  }

  @Test
  @DisplayName("each mistake names the file, the path and the problem")
  void preciseErrors() {
    assertThatThrownBy(() -> parse("discord:\n  channels: { ops: \"100000000000000002\" }\n"))
        .hasMessage("config.yml: discord.guild: is required: the server (guild) id");
    assertThatThrownBy(() -> parse("discord:\n  guild: \"100000000000000001\"\n"))
        .hasMessage("config.yml: discord.channels: is required: give at least ops: <channel id>");
    assertThatThrownBy(
            () ->
                parse(
                    "discord:\n  guild: \"100000000000000001\"\n"
                        + "  channels: { ops: \"#ops\" }\n"))
        .hasMessageStartingWith("config.yml: discord.channels.ops: '#ops' is not a Discord id");
    assertThatThrownBy(
            () ->
                parse(
                    "discord:\n  guild: \"100000000000000001\"\n"
                        + "  channels: { ops: \"100000000000000002\" }\n"
                        + "  roles: { admin: [Admins] }\n"))
        .hasMessage(
            "config.yml: discord.roles.admin: 'admin' is not a role; use viewer, operator,"
                + " commander");
    assertThatThrownBy(
            () ->
                parse(
                    "discord:\n  guild: \"100000000000000001\"\n"
                        + "  channels: { ops: \"100000000000000002\" }\n"
                        + "  roles: { operator: [] }\n"))
        .hasMessage(
            "config.yml: discord.roles.operator: list the Discord role ids or names that grant"
                + " operator");
    assertThatThrownBy(
            () ->
                parse(
                    "discord:\n  guild: \"100000000000000001\"\n"
                        + "  channels: { ops: \"100000000000000002\" }\n"
                        + "  onCallRole: On-Call\n"))
        .hasMessageStartingWith("config.yml: discord.onCallRole: 'On-Call' is not a Discord id");
    assertThatThrownBy(() -> parse("discord:\n  guild: \"100000000000000001\"\n  chanels: {}\n"))
        .hasMessageStartingWith("config.yml: discord.chanels: unknown key");
  }
}
