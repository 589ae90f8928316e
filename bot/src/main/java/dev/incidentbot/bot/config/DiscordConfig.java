package dev.incidentbot.bot.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * {@code discord:} as written in the YAML file; {@link ConfigValidator} turns it into {@link
 * DiscordSettings}. Ids are Discord snowflakes written as quoted text ({@code "1234..."}).
 *
 * @param token the bot token, normally {@code ${DISCORD_TOKEN}}; when left out the bot reads the
 *     {@code DISCORD_TOKEN} environment variable
 * @param guild the id of the server (guild) the bot works in
 * @param channels the channel ids by purpose
 * @param roles for each bot role (viewer, operator, commander), the Discord role ids or names that
 *     grant it
 * @param onCallRole the id of the role that replies asking for the on-call engineer mention
 */
public record DiscordConfig(
    String token,
    @JsonDeserialize(using = DiscordIds.One.class) String guild,
    Channels channels,
    @JsonDeserialize(contentUsing = DiscordIds.Many.class) Map<String, List<String>> roles,
    @JsonDeserialize(using = DiscordIds.One.class) String onCallRole) {

  /**
   * {@code discord.channels:}; {@code stakeholders} and {@code alerts} default to {@code ops}.
   *
   * @param ops where the team works and incident threads live
   * @param stakeholders where status updates go
   * @param alerts where alerts arrive
   */
  public record Channels(
      @JsonDeserialize(using = DiscordIds.One.class) String ops,
      @JsonDeserialize(using = DiscordIds.One.class) String stakeholders,
      @JsonDeserialize(using = DiscordIds.One.class) String alerts) {}

  @Override
  public String toString() {
    return "DiscordConfig[guild=" + guild + ", channels=" + channels + ", roles=" + roles + "]";
  }
}
