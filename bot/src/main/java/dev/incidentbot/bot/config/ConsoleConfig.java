package dev.incidentbot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code console:}: the people who may act in console mode; the first one is the default. */
public record ConsoleConfig(List<User> users) {

  /** A console user: {@code @name} in front of a command acts as them. */
  public record User(@JsonProperty(required = true) String name, List<String> roles) {}
}
