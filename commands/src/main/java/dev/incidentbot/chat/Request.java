package dev.incidentbot.chat;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing somebody asked the bot to do.
 *
 * @param command full command name, one or two words ("help", "redis health")
 * @param options option values by name, as typed
 * @param actor who asked
 * @param place where they asked
 * @param at when they asked
 */
public record Request(
    String command, Map<String, String> options, Actor actor, Place place, Instant at) {

  public Request {
    Objects.requireNonNull(command, "command");
    options = Map.copyOf(options);
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(at, "at");
  }

  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The option's value, or a user-facing error naming the missing option. */
  public String requireOption(String name) {
    return option(name)
        .orElseThrow(() -> new UserFacingException("/" + command + " needs " + name + ":<value>"));
  }

  /** A copy of this request for another command, as when a button runs a stored action. */
  public Request withCommand(String newCommand, Map<String, String> newOptions) {
    return new Request(newCommand, newOptions, actor, place, at);
  }
}
