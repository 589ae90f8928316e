package dev.incidentbot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Router;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.testing.RecordingAuditLog;
import dev.incidentbot.testing.Requests;
import dev.incidentbot.testing.TestCommand;
import dev.incidentbot.timeline.Timeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Wrapping a command to record it in the timeline keeps how the audit counts its replies. */
@DisplayName("Timeline recording keeps the wrapped command's audit outcome")
class TimelineRecordingCommandTest {

  @Test
  @DisplayName("a health check that found a critical target is audited OK, wrapped or not")
  void criticalStateReportStaysOk() {
    var healthLike =
        TestCommand.answering(
                CommandSpec.of("redis health", "test", Roles.VIEWER),
                request -> Reply.builder("cache is down").severity(Severity.CRITICAL).build())
            .reportingState();
    var audit = new RecordingAuditLog();
    var router =
        new Router(List.of(new TimelineRecordingCommand(healthLike, Timeline.NONE)), audit);

    router.dispatch(Requests.withRoles("redis health", Map.of(), Roles.VIEWER), Progress.NONE);

    assertThat(audit.entries())
        .extracting(AuditEntry::outcome)
        .containsExactly(AuditEntry.Outcome.OK);
  }
}
