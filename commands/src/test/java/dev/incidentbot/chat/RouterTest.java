package dev.incidentbot.chat;

import static dev.incidentbot.testing.Requests.withRoles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.testing.RecordingAuditLog;
import dev.incidentbot.testing.TestCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Router: names checked at start, roles and options checked per request, all audited")
class RouterTest {
  private final RecordingAuditLog audit = new RecordingAuditLog();

  private static Command command(String name, String role, Reply reply, OptionSpec... options) {
    return TestCommand.answering(
        CommandSpec.of(name, "test", role, options),
        request -> {
          if (request.option("boom").isPresent()) {
            throw new IllegalStateException("secret internals");
          }
          return reply;
        });
  }

  @Test
  @DisplayName("two commands with one name stop start-up")
  void duplicateNames() {
    assertThatThrownBy(
            () ->
                new Router(
                    List.of(
                        command("redis health", Roles.VIEWER, Reply.text("a")),
                        command("redis health", Roles.VIEWER, Reply.text("b"))),
                    audit))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two commands are named '/redis health'");
  }

  @Test
  @DisplayName("a missing role is refused, says which role is needed, and is audited")
  void roleRefused() {
    var router =
        new Router(List.of(command("redis purge", Roles.OPERATOR, Reply.text("ran"))), audit);

    Reply reply = router.dispatch(withRoles("redis purge", Map.of(), Roles.VIEWER), Progress.NONE);

    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.text()).isEqualTo("/redis purge needs the operator role; you have viewer.");
    assertThat(audit.entries())
        .extracting(AuditEntry::outcome)
        .containsExactly(AuditEntry.Outcome.REFUSED);
  }

  @Test
  @DisplayName("unknown, missing and malformed options are explained with the usage")
  void options() {
    var router =
        new Router(
            List.of(
                command(
                    "redis slowlog",
                    Roles.VIEWER,
                    Reply.text("ok"),
                    OptionSpec.integer("count", "how many", false, 1, 50),
                    OptionSpec.choice("by", "order", false, List.of("count", "memory")))),
            audit);

    assertThat(
            router
                .dispatch(withRoles("redis slowlog", Map.of("cnt", "5"), "viewer"), Progress.NONE)
                .text())
        .startsWith("/redis slowlog has no option 'cnt'; it takes count, by.");
    assertThat(
            router
                .dispatch(
                    withRoles("redis slowlog", Map.of("count", "five"), "viewer"), Progress.NONE)
                .text())
        .startsWith("count:five is not a whole number; use 1 to 50.")
        .contains("Usage: /redis slowlog [count:<count>] [by:count|memory]");
    for (String huge : List.of("999999999999", "99999999999999999999999", "0", "-3", "51")) {
      assertThat(
              router
                  .dispatch(
                      withRoles("redis slowlog", Map.of("count", huge), "viewer"), Progress.NONE)
                  .text())
          .as("count:%s", huge)
          .startsWith("count:" + huge + " is out of range; use 1 to 50.");
    }
    assertThat(
            router
                .dispatch(withRoles("redis slowlog", Map.of("by", "size"), "viewer"), Progress.NONE)
                .text())
        .startsWith("by:size is not one of count, memory.");
    assertThat(
            router
                .dispatch(withRoles("redis slowlog", Map.of("count", "5"), "viewer"), Progress.NONE)
                .text())
        .isEqualTo("ok");
  }

  @Test
  @DisplayName("an unexpected failure is logged with an id and answered without internals")
  void unexpectedFailure() {
    var router =
        new Router(
            List.of(
                command(
                    "help", Roles.VIEWER, Reply.text("x"), OptionSpec.text("boom", "b", false))),
            audit);

    Reply reply = router.dispatch(withRoles("help", Map.of("boom", "1"), "viewer"), Progress.NONE);

    assertThat(reply.text())
        .startsWith("Sorry, /help failed unexpectedly (error id ")
        .doesNotContain("secret");
    assertThat(audit.entries().get(0).outcome()).isEqualTo(AuditEntry.Outcome.ERROR);
  }

  @Test
  @DisplayName(
      "a storage failure says what was not recorded, in a sentence; a failed audit write is said"
          + " under the reply")
  void notRecorded() {
    var failingStore =
        TestCommand.answering(
            CommandSpec.of("incident declare", "test", Roles.VIEWER),
            request -> {
              throw new IllegalStateException(
                  "wrapped",
                  new NotRecordedException(
                      "Could not declare an incident: the bot's database failed (No space left on"
                          + " device).",
                      new RuntimeException("internals")));
            });
    var router = new Router(List.of(failingStore), audit);

    Reply reply = router.dispatch(withRoles("incident declare", Map.of(), "viewer"), Progress.NONE);

    assertThat(reply.text())
        .startsWith(
            "/incident declare did not complete. Could not declare an incident: the bot's"
                + " database failed (No space left on device). Error id ")
        .doesNotContain("internals")
        .doesNotContain("unexpectedly");
    assertThat(audit.entries().get(0).outcome()).isEqualTo(AuditEntry.Outcome.ERROR);

    AuditLog failingAudit = mock(AuditLog.class);
    doThrow(
            new NotRecordedException(
                "Could not record /help in the audit log: the bot's database failed (disk full).",
                null))
        .when(failingAudit)
        .record(any());
    var unaudited =
        new Router(List.of(command("help", Roles.VIEWER, Reply.text("done"))), failingAudit);

    assertThat(unaudited.dispatch(withRoles("help", Map.of(), "viewer"), Progress.NONE).text())
        .isEqualTo(
            "done\nWarning: Could not record /help in the audit log: the bot's database failed"
                + " (disk full).");
    verify(failingAudit).record(argThat(e -> e.command().equals("help")));
  }

  private Router redis(String... subcommands) {
    var all = new ArrayList<Command>();
    for (String sub : subcommands) {
      all.add(command("redis " + sub, Roles.VIEWER, Reply.text("x")));
    }
    all.add(command("help", Roles.VIEWER, Reply.text("x")));
    return new Router(all, Map.of("runbook run", "No runbook scripts are configured."), audit);
  }

  private String text(Router router, String command) {
    return router.dispatch(withRoles(command, Map.of(), "viewer"), Progress.NONE).text();
  }

  @Test
  @DisplayName("a typo gets the closest subcommand, not the whole group")
  void typoGetsClosest() {
    var router =
        redis(
            "health",
            "hotkeys",
            "bigkeys",
            "memory",
            "purge",
            "persist",
            "slowlog",
            "slowlog-reset");

    assertThat(text(router, "redis helth"))
        .isEqualTo("There is no /redis helth. Did you mean /redis health?");
    assertThat(text(router, "redis heal"))
        .isEqualTo("There is no /redis heal. Did you mean /redis health?");
    assertThat(text(router, "redis pers"))
        .isEqualTo("There is no /redis pers. Did you mean /redis persist?");
    assertThat(text(router, "redis slowlo"))
        .isEqualTo(
            "There is no /redis slowlo. Did you mean /redis slowlog or /redis slowlog-reset?");
    assertThat(text(router, "rdis health"))
        .isEqualTo("There is no /rdis health. Did you mean /redis health?");
    assertThat(text(router, "hepl")).isEqualTo("There is no /hepl. Did you mean /help?");
  }

  @Test
  @DisplayName("nothing close: the group's subcommands; a group alone: its subcommands")
  void nothingClose() {
    var router = redis("health", "memory");

    assertThat(text(router, "redis deploy"))
        .isEqualTo("There is no /redis deploy. /redis has: /redis health, /redis memory.");
    assertThat(text(router, "redis"))
        .isEqualTo("/redis needs a subcommand: /redis health, /redis memory.");
    assertThat(text(router, "deploy"))
        .isEqualTo("There is no /deploy. Type /help for the list of commands.");
  }

  @Test
  @DisplayName("a command that is not set up here says why, not that it does not exist")
  void unavailable() {
    var router = redis("health");

    Reply reply =
        router.dispatch(
            withRoles("runbook run", Map.of("script", "restart-worker"), "viewer"), Progress.NONE);

    assertThat(reply.text()).isEqualTo("No runbook scripts are configured.");
    assertThat(text(router, "runbook")).isEqualTo("No runbook scripts are configured.");
    assertThat(audit.entries().get(0).outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
  }

  @Test
  @DisplayName("the audit keeps refusals short: typos without suggestions, long reasons cut")
  void auditShort() {
    var long_ = "x".repeat(300);
    Command failing =
        TestCommand.answering(
            CommandSpec.of("redis purge", "test", Roles.VIEWER),
            request -> {
              throw new UserFacingException("target 'x' is not configured; known: " + long_);
            });
    var router = new Router(List.of(failing), audit);

    router.dispatch(withRoles("redis purg", Map.of(), "viewer"), Progress.NONE);
    Reply reply = router.dispatch(withRoles("redis purge", Map.of(), "viewer"), Progress.NONE);

    assertThat(reply.text()).endsWith(long_);
    assertThat(audit.entries()).extracting(AuditEntry::detail).first().isEqualTo("no such command");
    assertThat(audit.entries().get(1).detail())
        .hasSize(Router.MAX_AUDIT_DETAIL)
        .startsWith("target 'x' is not configured")
        .endsWith("…");
  }

  @Test
  @DisplayName("a command nobody has: suggestions from the same group")
  void unknownCommand() {
    var router = new Router(List.of(command("redis health", Roles.VIEWER, Reply.text("x"))), audit);

    assertThat(router.dispatch(withRoles("redis helth", Map.of(), "viewer"), Progress.NONE).text())
        .isEqualTo("There is no /redis helth. Did you mean /redis health?");
    assertThat(router.dispatch(withRoles("deploy", Map.of(), "viewer"), Progress.NONE).text())
        .isEqualTo("There is no /deploy. Type /help for the list of commands.");
  }

  @Test
  @DisplayName(
      "a critical reply is a failed action, but a triage or health check that found a critical"
          + " target worked: audited ok")
  void criticalStateIsNotAFailure() {
    Reply critical =
        Reply.builder("cache: A: Redis unreachable").severity(Severity.CRITICAL).build();
    Command action = command("redis purge", Roles.VIEWER, critical);
    Command triage =
        TestCommand.answering(CommandSpec.hidden("alert triage", Roles.VIEWER), request -> critical)
            .reportingState();
    var router = new Router(List.of(action, triage), audit);

    router.dispatch(withRoles("redis purge", Map.of(), Roles.VIEWER), Progress.NONE);
    router.dispatch(withRoles("alert triage", Map.of(), Roles.VIEWER), Progress.NONE);

    assertThat(audit.entries())
        .extracting(AuditEntry::outcome)
        .containsExactly(AuditEntry.Outcome.FAILED, AuditEntry.Outcome.OK);
  }

  @Test
  @DisplayName(
      "the audit entry names the targets the command ran on: the one given, else the only one"
          + " configured; none for a command that takes no target")
  void auditNamesTargetsRanOn() {
    var router =
        new Router(
            List.of(
                command("redis memory", Roles.VIEWER, Reply.text("ok"), OptionSpec.target(false)),
                command("help", Roles.VIEWER, Reply.text("ok"))),
            Map.of(),
            audit,
            () -> List.of("only"));

    router.dispatch(withRoles("redis memory", Map.of()), Progress.NONE);
    router.dispatch(withRoles("redis memory", Map.of("target", "other")), Progress.NONE);
    router.dispatch(withRoles("help", Map.of()), Progress.NONE);

    assertThat(audit.entries())
        .extracting(AuditEntry::targets)
        .containsExactly(List.of("only"), List.of("other"), List.of());
  }
}
