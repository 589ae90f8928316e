package dev.incidentbot.testing;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Requests as a person in chat would make them, for tests that call commands directly. */
public final class Requests {
  private Requests() {}

  /**
   * {@code command} with {@code options}, asked by ann holding {@code roles} at the console, at the
   * epoch: for tests of the router and of what wraps commands.
   */
  public static Request withRoles(String command, Map<String, String> options, String... roles) {
    return new Request(
        command, options, Actor.person("u1", "ann", Set.of(roles)), Place.CONSOLE, Instant.EPOCH);
  }

  /** {@code command} with {@code name, value} option pairs, asked by a viewer. */
  public static Request of(String command, String... options) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i + 1 < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new Request(
        command,
        map,
        Actor.person("u1", "alice", Set.of(Roles.VIEWER)),
        Place.CONSOLE,
        Instant.now());
  }
}
