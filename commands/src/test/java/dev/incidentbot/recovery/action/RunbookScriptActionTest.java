package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Runbook scripts: fixed command, enum parameters, output captured, timeout kills")
class RunbookScriptActionTest {
  @TempDir Path dir;

  private Path script(String body) throws Exception {
    Path file = dir.resolve("restart.sh");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private RunbookScriptAction action(Path file, Duration timeout) {
    return new RunbookScriptAction(
        List.of(
            new RunbookScript(
                "restart-worker",
                "restart the workers of one region",
                List.of(file.toString(), "--region={region}"),
                Map.of("region", List.of("eu", "us")),
                timeout,
                dir,
                null,
                Risk.MEDIUM)));
  }

  @Test
  @DisplayName("runs with the chosen value in its working directory; output and exit code reported")
  void runs() throws Exception {
    var action =
        action(script("echo \"restarting $1 in $(pwd)\"; echo oops >&2"), Duration.ofSeconds(10));

    Plan plan =
        action.plan(
            Actions.request("runbook run", "script", "restart-worker", "params", "region=eu"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(plan.willRun().get(0)).endsWith("restart.sh --region=eu");
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.details()).contains("restarting --region=eu in " + dir).contains("oops");
  }

  @Test
  @DisplayName("a failing script is a failed outcome with its output")
  void fails() throws Exception {
    var action = action(script("echo broken; exit 3"), Duration.ofSeconds(10));
    Outcome outcome =
        action.execute(
            action.plan(
                Actions.request("runbook run", "script", "restart-worker", "params", "region=us")),
            Progress.NONE);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.headline()).isEqualTo("restart-worker exited with code 3");
    assertThat(outcome.details()).contains("broken");
  }

  @Test
  @DisplayName("past its timeout the script and its children are killed")
  void timeout() throws Exception {
    var action = action(script("echo started; sleep 30; echo never"), Duration.ofSeconds(1));
    long start = System.nanoTime();
    Outcome outcome =
        action.execute(
            action.plan(
                Actions.request("runbook run", "script", "restart-worker", "params", "region=us")),
            Progress.NONE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.headline()).contains("timeout and was killed");
    assertThat(outcome.details()).contains("started").doesNotContain("never");
  }

  @Test
  @DisplayName("Stop kills the script; the outcome names who stopped it once the executor knows")
  void stopped() throws Exception {
    var action = action(script("echo started; sleep 30; echo never"), Duration.ofSeconds(20));
    long start = System.nanoTime();
    var stopSoon =
        new Progress() {
          @Override
          public boolean stopRequested() {
            return System.nanoTime() - start > Duration.ofMillis(300).toNanos();
          }
        };
    Outcome outcome =
        action.execute(
            action.plan(
                Actions.request("runbook run", "script", "restart-worker", "params", "region=us")),
            stopSoon);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(outcome.headline()).isEqualTo("restart-worker was killed on request");
    assertThat(outcome.stoppedBy("carol").headline())
        .isEqualTo("restart-worker was killed on request (stopped by carol)");
  }

  @Test
  @DisplayName("values outside the declared ones, unknown parameters and scripts are refused")
  void badInput() throws Exception {
    var action = action(script("true"), Duration.ofSeconds(1));
    assertThatThrownBy(
            () ->
                action.plan(
                    Actions.request(
                        "runbook run", "script", "restart-worker", "params", "region=eu;rm")))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("region=eu;rm is not one of eu, us.");
    assertThatThrownBy(
            () -> action.plan(Actions.request("runbook run", "script", "restart-worker")))
        .hasMessage("restart-worker needs params:region=<eu|us>.");
    assertThatThrownBy(
            () ->
                action.plan(
                    Actions.request(
                        "runbook run", "script", "restart-worker", "params", "region=eu x=1")))
        .hasMessageContaining("has no parameter x");
    assertThatThrownBy(() -> action.plan(Actions.request("runbook run", "script", "nope")))
        .hasMessage("script:nope is not configured; known: restart-worker.");
  }
}
