package dev.incidentbot.bot.discord.fake;

import java.util.List;

/**
 * A member of the fake guild who can run commands and press buttons.
 *
 * @param id user id
 * @param name user name
 * @param roleIds ids of the guild roles they hold
 */
public record FakeUser(String id, String name, List<String> roleIds) {
  public FakeUser {
    roleIds = List.copyOf(roleIds);
  }
}
