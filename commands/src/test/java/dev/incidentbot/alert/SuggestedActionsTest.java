package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Triage buttons: the scenario's runbook actions, only for commands the bot has")
class SuggestedActionsTest {
  private static HealthReport report(String target, Scenario scenario) {
    Target t = Target.standalone(target, "redis://127.0.0.1:6379");
    return new HealthReport(
        t, scenario, Optional.empty(), List.of(), Optional.empty(), null, Duration.ZERO);
  }

  @Test
  @DisplayName("out of memory: memory, big keys, purge cache:* (danger), re-check")
  void outOfMemory() {
    List<Button> buttons =
        SuggestedActions.forReports(List.of(report("cache", Scenario.OUT_OF_MEMORY)), name -> true);

    assertThat(buttons)
        .extracting(Button::label)
        .containsExactly("Memory", "Big keys", "Purge cache:*", "Re-check");
    assertThat(buttons.get(2).style()).isEqualTo(Button.Style.DANGER);
    assertThat(buttons.get(2).action())
        .isEqualTo(Action.of("redis purge", "target", "cache", "pattern", "cache:*"));
  }

  @Test
  @DisplayName("commands the bot lacks are left out; several targets name theirs on each button")
  void filteredAndLabelled() {
    Set<String> known = Set.of("redis health", "redis slowlog");
    List<Button> buttons =
        SuggestedActions.forReports(
            List.of(report("a", Scenario.SLOW), report("b", Scenario.UNREACHABLE)),
            known::contains);

    assertThat(buttons)
        .extracting(Button::label)
        .containsExactly("Slowlog (a)", "Re-check (a)", "Re-check (b)");
  }

  @Test
  @DisplayName("the bot cannot log in: no fail-over offered for a Redis that may be fine, re-check")
  void cannotLogIn() {
    Target t = Target.standalone("cache", "redis://127.0.0.1:6379");
    var problem = new RedisProblem(RedisProblem.Kind.AUTH, "WRONGPASS invalid username-password");
    var report =
        new HealthReport(
            t,
            Scenario.UNREACHABLE,
            Optional.empty(),
            List.of(),
            Optional.of(problem),
            null,
            Duration.ZERO);

    assertThat(SuggestedActions.forReports(List.of(report), name -> true))
        .extracting(Button::label)
        .containsExactly("Re-check");
    assertThat(
            SuggestedActions.forReports(
                List.of(report("cache", Scenario.UNREACHABLE)), name -> true))
        .extracting(Button::label)
        .as("a standalone target has nothing to fail over to: no Fail over button")
        .containsExactly("Topology", "Re-check");
  }
}
