package dev.incidentbot.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("People in options and mentions: plain ids only")
class UserRefTest {
  @Test
  @DisplayName("name|id from a member picker, or a console name")
  void parses() {
    assertThat(UserRef.parse("Alice Smith|123456789"))
        .isEqualTo(new UserRef("123456789", "Alice Smith"));
    assertThat(UserRef.parse("bob")).isEqualTo(new UserRef("bob", "bob"));
  }

  @Test
  @DisplayName("markup that could mention a role or everyone is refused, in options and replies")
  void refusesMarkup() {
    assertThatThrownBy(() -> UserRef.parse("@everyone"))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("'@everyone' is not a person; name one, like user:alice");
    assertThatThrownBy(() -> UserRef.parse("x|<@&42>")).isInstanceOf(UserFacingException.class);
    assertThatThrownBy(() -> Reply.builder("t").mention("<@&42>").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
