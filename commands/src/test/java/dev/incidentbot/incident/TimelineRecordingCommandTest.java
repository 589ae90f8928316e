package dev.incidentbot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Router;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Wrapping a command to record it in the timeline keeps how the audit counts its replies. */
@DisplayName("Timeline recording keeps the wrapped command's audit outcome")
class TimelineRecordingCommandTest {

  @Test
  @DisplayName("a health check that found a critical target is audited OK, wrapped or not")
  void criticalStateReportStaysOk() {
    var healthLike =
        new Command() {
          @Override
          public CommandSpec spec() {
            return CommandSpec.of("redis health", "test", Roles.VIEWER);
          }

          @Override
          public Reply handle(Request request, Progress progress) {
            return Reply.builder("cache is down").severity(Severity.CRITICAL).build();
          }

          @Override
          public boolean criticalReplyIsFailure() {
            return false;
          }
        };
    var audited = new ArrayList<AuditEntry>();
    AuditLog audit =
        new AuditLog() {
          @Override
          public void record(AuditEntry entry) {
            audited.add(entry);
          }

          @Override
          public List<AuditEntry> recent(int limit) {
            return audited;
          }
        };
    var router =
        new Router(List.of(new TimelineRecordingCommand(healthLike, Timeline.NONE)), audit);

    router.dispatch(
        new Request(
            "redis health",
            Map.of(),
            Actor.person("u1", "ann", Set.of(Roles.VIEWER)),
            Place.CONSOLE,
            Instant.EPOCH),
        Progress.NONE);

    assertThat(audited).extracting(AuditEntry::outcome).containsExactly(AuditEntry.Outcome.OK);
  }
}
