package dev.incidentbot.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Risk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Silence matchers: parsing as Alertmanager writes them, and how far a silence reaches")
class SilenceScopeTest {
  private static final Map<String, String> GROUP =
      Map.of("alertname", "RedisDown", "service", "orders");
  private static final LiveAlert ORDERS =
      new LiveAlert(
          "a1", Map.of("alertname", "RedisDown", "service", "orders"), "active", List.of());
  private static final LiveAlert CARTS =
      new LiveAlert(
          "a2", Map.of("alertname", "RedisDown", "service", "carts"), "active", List.of());

  @Test
  @DisplayName("matchers read back what text() writes, quotes and escapes included")
  void roundTrip() {
    var matchers =
        LabelMatcher.parse(
            "alertname=\"RedisDown\", service=~\"orders|carts\", env!=prod, note!~\"a\\\"b,c\"");
    assertThat(matchers)
        .containsExactly(
            new LabelMatcher("alertname", LabelMatcher.Op.EQUAL, "RedisDown"),
            new LabelMatcher("service", LabelMatcher.Op.REGEX, "orders|carts"),
            new LabelMatcher("env", LabelMatcher.Op.NOT_EQUAL, "prod"),
            new LabelMatcher("note", LabelMatcher.Op.NOT_REGEX, "a\"b,c"));
    assertThat(LabelMatcher.parse(LabelMatcher.text(matchers))).isEqualTo(matchers);
    assertThat(LabelMatcher.parse("{alertname=\"X\"}")).hasSize(1);
    assertThatThrownBy(() -> LabelMatcher.parse("alertname"))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("'alertname' is not a matcher");
  }

  @Test
  @DisplayName("exactly the group's labels for an hour: low risk")
  void exactGroupIsLow() {
    var scope =
        SilenceScope.assess(
            LabelMatcher.ofLabels(GROUP),
            GROUP,
            Duration.ofHours(1),
            List.of(ORDERS),
            List.of(ORDERS, CARTS));
    assertThat(scope.risk()).isEqualTo(Risk.LOW);
    assertThat(scope.outside()).isEmpty();
  }

  @Test
  @DisplayName("longer than 24 h, a regex, a left-out label or an alert outside the group: high")
  void highRisk() {
    assertThat(
            SilenceScope.assess(
                    LabelMatcher.ofLabels(GROUP),
                    GROUP,
                    Duration.ofHours(25),
                    List.of(ORDERS),
                    List.of())
                .reason())
        .isEqualTo("it lasts longer than 24 h");
    var broad =
        SilenceScope.assess(
            LabelMatcher.parse("alertname=\"RedisDown\""),
            GROUP,
            Duration.ofHours(1),
            List.of(ORDERS, CARTS),
            List.of(
                ORDERS,
                CARTS,
                new LiveAlert("a3", Map.of("alertname", "Other"), "active", List.of())));
    assertThat(broad.risk()).isEqualTo(Risk.HIGH);
    assertThat(broad.reason())
        .contains("leaves out service=\"orders\"")
        .contains("would also silence 1 alert outside this group now");
    assertThat(broad.outside()).containsExactly(CARTS);
    assertThat(
            SilenceScope.assess(
                    LabelMatcher.parse("alertname=\"RedisDown\", service=~\"orders\""),
                    GROUP,
                    Duration.ofHours(1),
                    List.of(ORDERS),
                    List.of(ORDERS))
                .reason())
        .contains("regex matchers (service=~\"orders\")");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "alertname=~\".*\"",
        "alertname=~\".+\"",
        "service!=\"\"",
        "env=\"\"",
        "a=~\".*\", b!=\"x\""
      })
  @DisplayName("matchers that match any alert are refused")
  void everythingRefused(String text) {
    assertThatThrownBy(
            () ->
                SilenceScope.assess(
                    LabelMatcher.parse(text), GROUP, Duration.ofHours(1), List.of(), List.of()))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith("Refused:");
  }

  @Test
  @DisplayName("no matchers, or matchers that silence every alert Alertmanager has: refused")
  void emptyOrAllRefused() {
    assertThatThrownBy(() -> SilenceScope.refuseEverything(List.of()))
        .hasMessageContaining("without matchers");
    assertThatThrownBy(
            () ->
                SilenceScope.assess(
                    LabelMatcher.parse("alertname=\"RedisDown\""),
                    GROUP,
                    Duration.ofHours(1),
                    List.of(ORDERS, CARTS),
                    List.of(ORDERS, CARTS)))
        .hasMessageContaining("would silence every alert Alertmanager has now (2)");
  }
}
