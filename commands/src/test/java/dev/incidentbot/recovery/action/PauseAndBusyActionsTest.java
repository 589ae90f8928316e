package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Progress;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

@DisplayName("script-kill and client-unpause against real BUSY and paused servers")
class PauseAndBusyActionsTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @Test
  @DisplayName(
      "script-kill on a BUSY script: SCRIPT KILL planned and run, the server answers again")
  void scriptKill() throws Exception {
    RedisServer server = redis.extra("--busy-reply-threshold", "100", "--requirepass", "pw");
    Target target = Target.standalone("main", "redis://:pw@127.0.0.1:" + server.port());
    var action = new ScriptKillAction(Actions.connector(target));
    var script =
        CompletableFuture.runAsync(
            () -> {
              try (Jedis j = server.client()) {
                j.auth("pw");
                j.eval("while true do end");
              } catch (JedisDataException killed) {
                // "Script killed by user"
              }
            });
    awaitBusy(server, "pw");

    Plan plan = action.plan(Actions.request("redis script-kill"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(plan.willRun()).containsExactly("SCRIPT KILL");
    assertThat(plan.targetRole()).contains("BUSY");
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.headline()).startsWith("script killed on main").contains("PING → PONG");
    script.get(5, TimeUnit.SECONDS);
    try (Jedis j = server.client()) {
      j.auth("pw");
      assertThat(j.ping()).isEqualTo("PONG");
    }
    assertThatThrownBy(() -> action.plan(Actions.request("redis script-kill")))
        .isInstanceOf(NothingToDo.class)
        .hasMessageContaining("is not BUSY");
  }

  @Test
  @DisplayName(
      "script-kill on a script that wrote: UNKILLABLE, the outcome names SHUTDOWN NOSAVE as the"
          + " last resort, by hand")
  void unkillable() throws Exception {
    RedisServer server = redis.extra("--busy-reply-threshold", "100");
    var action = new ScriptKillAction(Actions.connector(Target.standalone("main", server.url())));
    CompletableFuture.runAsync(
        () -> {
          try (Jedis j = server.client()) {
            j.eval("redis.call('SET', 'k', 'v') while true do end");
          } catch (RuntimeException ended) {
            // the server is killed at the end of the class
          }
        });
    awaitBusy(server, null);

    Outcome outcome =
        action.execute(action.plan(Actions.request("redis script-kill")), Progress.NONE);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.headline()).contains("UNKILLABLE").contains("SHUTDOWN NOSAVE");
    server.kill();
  }

  @Test
  @DisplayName("client-unpause on CLIENT PAUSE WRITE: held writes go through after the action")
  void unpause() throws Exception {
    RedisServer server = redis.extra();
    try (Jedis j = server.client()) {
      j.sendCommand(Protocol.Command.CLIENT, "PAUSE", "20000", "WRITE");
    }
    var write =
        CompletableFuture.supplyAsync(
            () -> {
              try (Jedis j = server.client()) {
                return j.set("k", "v");
              }
            });
    Awaitility.await("the write held by the pause")
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !write.isDone());
    var action =
        new ClientUnpauseAction(Actions.connector(Target.standalone("main", server.url())));

    Plan plan = action.plan(Actions.request("redis client-unpause"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(plan.willRun()).containsExactly("CLIENT UNPAUSE");
    assertThat(outcome.succeeded()).isTrue();
    assertThat(write.get(2, TimeUnit.SECONDS)).isEqualTo("OK");
  }

  private static void awaitBusy(RedisServer server, String password) {
    Awaitility.await("the server answers BUSY")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              try (Jedis j = new Jedis("127.0.0.1", server.port(), 2000)) {
                if (password != null) {
                  j.auth(password);
                }
                j.sendCommand(Protocol.Command.PING);
                return false;
              } catch (JedisDataException e) {
                return e.getMessage().startsWith("BUSY");
              } catch (RuntimeException notYet) {
                return false;
              }
            });
  }
}
