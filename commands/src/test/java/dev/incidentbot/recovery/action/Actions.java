package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Request;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Test helpers: a connector over given targets and requests as an operator would type them. */
final class Actions {
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-resolver");
            t.setDaemon(true);
            return t;
          });

  private Actions() {}

  static TargetConnector connector(Target... targets) {
    return new TargetConnector(
        new Targets(List.of(targets)), new RedisNodes(), new NodeResolver(POOL));
  }

  static Request request(String command, String... keyValues) {
    var options = new LinkedHashMap<String, String>();
    for (int i = 0; i < keyValues.length; i += 2) {
      options.put(keyValues[i], keyValues[i + 1]);
    }
    return new Request(
        command,
        options,
        Actor.person("alice", "alice", Set.of("operator")),
        Place.channel("ops"),
        Instant.now());
  }
}
