package dev.incidentbot.chat;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request: a person in chat or an automated source such as an alert.
 *
 * @param id stable id on the platform (Discord user id, console user name, alert source)
 * @param name display name, safe to show
 * @param roles the bot's roles this actor holds ({@link Roles})
 * @param automated true for alerts and scheduled jobs, which go through the same path as people
 */
public record Actor(String id, String name, Set<String> roles, boolean automated) {

  public Actor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
  }

  public static Actor person(String id, String name, Set<String> roles) {
    return new Actor(id, name, roles, false);
  }

  /** An automated source (alert intake, scheduler) acting with the roles it is configured with. */
  public static Actor automation(String source, Set<String> roles) {
    return new Actor("automation:" + source, source, roles, true);
  }

  /** Whether this actor holds {@code role}; holding any role implies {@link Roles#VIEWER}. */
  public boolean hasRole(String role) {
    return roles.contains(role) || (Roles.VIEWER.equals(role) && !roles.isEmpty());
  }
}
