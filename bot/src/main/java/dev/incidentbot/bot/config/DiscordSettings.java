package dev.incidentbot.bot.config;

import dev.incidentbot.chat.Outbox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated {@code discord:} section: read-only from here on.
 *
 * @param token the bot token from the file, or null to use the {@code DISCORD_TOKEN} environment
 *     variable
 * @param guildId the guild the bot registers its commands in
 * @param channels the channel id for each purpose (every purpose is present)
 * @param roles for each bot role, the Discord role ids or names that grant it
 * @param onCallRoleId the role mentioned when a reply asks for on-call, or null for none
 */
public record DiscordSettings(
    String token,
    String guildId,
    Map<Outbox.Channel, String> channels,
    Map<String, Set<String>> roles,
    String onCallRoleId) {

  public DiscordSettings {
    channels = Map.copyOf(channels);
    roles = Map.copyOf(roles);
  }

  /** The channel id for {@code purpose}. */
  public String channelId(Outbox.Channel purpose) {
    return channels.get(purpose);
  }

  public Optional<String> onCallRole() {
    return Optional.ofNullable(onCallRoleId);
  }

  /** The bot roles granted by any of these Discord roles, each given as its id and its name. */
  public Set<String> botRoles(List<Map.Entry<String, String>> discordRoleIdsAndNames) {
    var granted = new java.util.TreeSet<String>();
    roles.forEach(
        (botRole, grants) -> {
          for (var role : discordRoleIdsAndNames) {
            if (grants.contains(role.getKey())
                || grants.stream().anyMatch(g -> g.equalsIgnoreCase(role.getValue()))) {
              granted.add(botRole);
            }
          }
        });
    return granted;
  }

  @Override
  public String toString() {
    return "DiscordSettings[guildId="
        + guildId
        + ", channels="
        + channels
        + ", roles="
        + roles
        + ", onCallRoleId="
        + onCallRoleId
        + ", token="
        + (token == null ? "from DISCORD_TOKEN" : "(set)")
        + "]";
  }
}
