package dev.incidentbot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

@DisplayName("Redis errors as sentences: each server error and socket failure has its own wording")
class RedisProblemTest {
  private static final Target CACHE = Target.standalone("cache", "redis://10.0.0.5:6379");

  @ParameterizedTest(name = "{0}")
  @DisplayName(
      "server errors, as Redis 7 words them, become their kind and a sentence naming the target")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          OOM command not allowed when used memory > 'maxmemory'.                                  | OOM      | cache (10.0.0.5:6379) is out of memory: writes fail with OOM because used memory is above maxmemory.
          LOADING Redis is loading the dataset in memory                                           | LOADING  | cache (10.0.0.5:6379) is loading its dataset into memory and refuses commands until it has finished.
          BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT. | BUSY     | cache (10.0.0.5:6379) is busy running a script that has run past busy-reply-threshold, and answers nothing else (BUSY) until it ends or is killed.
          READONLY You can't write against a read only replica.                                    | READONLY | cache (10.0.0.5:6379) is a read-only replica: writes must go to the master.
          MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist   | MISCONF  | cache (10.0.0.5:6379) cannot save to disk (MISCONF): its last background save failed, so it refuses writes.
          NOAUTH Authentication required.                                                          | AUTH     | Redis answers at cache (10.0.0.5:6379), but the bot cannot log in: the server requires a password the bot was not given. Check user:password in the target's url.
          WRONGPASS invalid username-password pair or user is disabled.                            | AUTH     | Redis answers at cache (10.0.0.5:6379), but the bot cannot log in: the server rejected the bot's user name or password. Check user:password in the target's url.
          NOPERM User bot has no permissions to run the 'info' command                             | AUTH     | Redis answers at cache (10.0.0.5:6379), but the bot cannot log in: the server denied the bot's user a command it needs. Check user:password in the target's url.
          Unknown reply: H                                                                         | NOT_REDIS | something that is not Redis answers at 10.0.0.5:6379 (it replied 'H…', perhaps HTTP): check the host and port in cache's url.
          ERR unknown command 'FOO', with args beginning with:                                     | OTHER    | cache (10.0.0.5:6379) answered with an error: ERR unknown command 'FOO', with args beginning with:
          """)
  void serverErrors(String error, RedisProblem.Kind kind, String sentence) {
    RedisProblem problem = RedisProblem.of(CACHE, new JedisDataException(error));

    assertThat(problem.kind()).isEqualTo(kind);
    assertThat(problem.message()).isEqualTo(sentence);
  }

  @Test
  @DisplayName("socket failures: refused, connect timeout, read timeout, unknown host, dropped")
  void socketFailures() {
    assertThat(
            RedisProblem.of(CACHE, new JedisConnectionException(new ConnectException("refused")))
                .kind())
        .isEqualTo(RedisProblem.Kind.REFUSED);
    RedisProblem connect =
        RedisProblem.of(
            CACHE, new JedisConnectionException(new SocketTimeoutException("Connect timed out")));
    assertThat(connect.kind()).isEqualTo(RedisProblem.Kind.CONNECT_TIMEOUT);
    assertThat(connect.message())
        .isEqualTo(
            "could not connect to cache (10.0.0.5:6379) within 2 s: the host is down or a firewall"
                + " drops the connection.");
    RedisProblem read =
        RedisProblem.of(
            CACHE, new JedisConnectionException(new SocketTimeoutException("Read timed out")));
    assertThat(read.kind()).isEqualTo(RedisProblem.Kind.TIMEOUT);
    assertThat(read.message()).startsWith("no answer from cache (10.0.0.5:6379) within 2 s");
    assertThat(
            RedisProblem.of(CACHE, new JedisConnectionException(new UnknownHostException("x")))
                .kind())
        .isEqualTo(RedisProblem.Kind.UNKNOWN_HOST);
    assertThat(
            RedisProblem.of(CACHE, new JedisConnectionException("Unexpected end of stream."))
                .kind())
        .isEqualTo(RedisProblem.Kind.DROPPED);
  }
}
