package dev.incidentbot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis URLs: parsed with credentials, printed without them")
class RedisEndpointTest {
  @Test
  @DisplayName("user, password, port, database and TLS are read")
  void full() {
    RedisEndpoint e = RedisEndpoint.parse("rediss://app:p%40ss@10.0.0.5:6380/2");

    assertThat(e.host()).isEqualTo("10.0.0.5");
    assertThat(e.port()).isEqualTo(6380);
    assertThat(e.user()).isEqualTo("app");
    assertThat(e.password()).isEqualTo("p@ss");
    assertThat(e.tls()).isTrue();
    assertThat(e.database()).isEqualTo(2);
    assertThat(e.toString()).isEqualTo("rediss://app:***@10.0.0.5:6380/2");
  }

  @Test
  @DisplayName("password only, default port")
  void passwordOnly() {
    RedisEndpoint e = RedisEndpoint.parse("redis://:secret@cache");

    assertThat(e.user()).isNull();
    assertThat(e.password()).isEqualTo("secret");
    assertThat(e.port()).isEqualTo(6379);
    assertThat(e.toString()).isEqualTo("redis://:***@cache:6379").doesNotContain("secret");
  }

  @Test
  @DisplayName("bad URLs say what is wrong")
  void bad() {
    assertThatThrownBy(() -> RedisEndpoint.parse("cache:6379")).hasMessageContaining("redis://");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://h:6379/x"))
        .hasMessageContaining("only a database number");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://h:70000")).hasMessageContaining("65535");
  }
}
