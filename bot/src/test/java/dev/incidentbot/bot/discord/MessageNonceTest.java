package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MessageNonce: stable, within Discord's 25 characters, one per message of a reply")
class MessageNonceTest {

  @Test
  @DisplayName("a short key is the first message's nonce; later messages add their place")
  void shortKeys() {
    assertThat(MessageNonce.of("alert.7.triage", 0)).isEqualTo("alert.7.triage");
    assertThat(MessageNonce.of("alert.7.triage", 2)).isEqualTo("alert.7.triage/2");
  }

  @Test
  @DisplayName("a long key is hashed to 25 characters, the same every time, distinct per part")
  void longKeys() {
    String key = "alert.123456789.message.{}:{alertname=\"StormAlert1\"}#2026-12-06";
    String first = MessageNonce.of(key, 0);
    assertThat(first).hasSize(MessageNonce.MAX_LENGTH).isEqualTo(MessageNonce.of(key, 0));
    assertThat(MessageNonce.of(key, 1)).hasSize(MessageNonce.MAX_LENGTH).isNotEqualTo(first);
    assertThat(MessageNonce.of(key + "x", 0)).isNotEqualTo(first);
  }
}
