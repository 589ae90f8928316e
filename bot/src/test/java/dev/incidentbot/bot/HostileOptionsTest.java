package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Every option of every command of the real wiring, given values a careless or hostile person
 * types: each answer is a sentence (a refusal or a result), never "failed unexpectedly".
 */
class HostileOptionsTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  /** Huge, negative, overflowing and escaping values, and ones that try to ping or break out. */
  private static final List<String> HOSTILE =
      List.of(
          "999999999999",
          "99999999999999999999999",
          "-1",
          "0",
          "999999999d",
          "999999999h",
          "2147483648ms",
          "99999999999999999999s",
          "\u001b[31mred\u001b[0m",
          "@everyone",
          "````[x](https://example.invalid)````",
          "x".repeat(5000),
          "🔥".repeat(300));

  /** Commands whose run is not a plan or a read: they would end the test's own state. */
  private static final Set<String> SKIPPED = Set.of();

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
  private Wiring wiring;

  @BeforeEach
  void start() {
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      for (int i = 0; i < 50; i++) {
        j.set("cache:" + i, "v");
      }
    }
    wiring = TestWiring.start(List.of(Target.standalone("main", redis.server().url())), clock);
    wiring.start(new RecordingOutbox());
  }

  @AfterEach
  void stop() {
    wiring.close();
  }

  @Test
  @DisplayName("hostile values in every option of every command get a sentence, not an error id")
  void everyOptionOfEveryCommand() {
    Actor everyone =
        Actor.person("alice", "alice", Set.of(Roles.VIEWER, Roles.OPERATOR, Roles.COMMANDER));
    var failures = new ArrayList<String>();
    int tried = 0;
    for (CommandSpec spec : wiring.router().specs()) {
      if (SKIPPED.contains(spec.name())) {
        continue;
      }
      for (OptionSpec option : spec.options()) {
        for (String value : HOSTILE) {
          Map<String, String> options = required(spec);
          options.put(option.name(), value);
          Reply reply =
              wiring
                  .router()
                  .dispatch(
                      new Request(
                          spec.name(), options, everyone, Place.channel("ops"), clock.instant()),
                      Progress.NONE);
          tried++;
          String all = reply.title() + "\n" + reply.text();
          if (all.contains("unexpectedly")) {
            failures.add("/" + spec.name() + " " + option.name() + ":" + shorten(value));
          }
        }
      }
    }
    assertThat(tried).isGreaterThan(200);
    assertThat(failures).isEmpty();
  }

  /** Plausible values for the command's required options, so the hostile one is what is judged. */
  private static Map<String, String> required(CommandSpec spec) {
    var options = new HashMap<String, String>();
    for (OptionSpec o : spec.options()) {
      if (!o.required()) {
        continue;
      }
      String value =
          switch (o.type()) {
            case INTEGER -> String.valueOf(Math.max(o.min(), Math.min(1, o.max())));
            case BOOLEAN -> "false";
            case USER -> "bob";
            case STRING ->
                o.completesTargets()
                    ? "main"
                    : o.choices().isEmpty() ? "cache:*" : o.choices().get(0);
          };
      options.put(o.name(), value);
    }
    return options;
  }

  private static String shorten(String value) {
    return value.length() > 30 ? value.substring(0, 30) + "…" : value;
  }
}
