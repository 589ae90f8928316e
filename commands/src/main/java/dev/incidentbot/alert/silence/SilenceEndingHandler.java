package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@value SilenceReminders#JOB_TYPE} jobs: shortly before a bot silence ends, asks
 * Alertmanager whether its alerts still fire, and if they do posts in the group's thread "Silence
 * by bob ends in 10 min; RedisDown still firing" with Extend / Let it end. A silence expired or
 * extended meanwhile is left alone (an extension moved its job). When Alertmanager does not answer,
 * the warning says that instead of claiming anything. Runs on a scheduler thread.
 */
public final class SilenceEndingHandler implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(SilenceEndingHandler.class);

  private final SilenceStore store;
  private final Alertmanagers alertmanagers;
  private final Outbox outbox;
  private final Clock clock;

  public SilenceEndingHandler(
      SilenceStore store, Alertmanagers alertmanagers, Outbox outbox, Clock clock) {
    this.store = store;
    this.alertmanagers = alertmanagers;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public String type() {
    return SilenceReminders.JOB_TYPE;
  }

  @Override
  public void run(JobRun run) {
    String id = run.param(SilenceReminders.PARAM_SILENCE);
    Instant now = clock.instant();
    SilenceRecord s = id == null ? null : store.find(id).orElse(null);
    if (s == null || !s.activeAt(now)) {
      log.info("silence {}: expired or gone before its warning; nothing to say", id);
      return;
    }
    var call = alertmanagers.alerts(s.matchers());
    Duration left = Duration.between(now, s.endsAt());
    if (call.allFailed(alertmanagers.names().size())) {
      outbox.post(
          s.thread(),
          Reply.builder(
                  "Silence by "
                      + s.createdBy()
                      + " ends at "
                      + SilenceReplies.time(s.endsAt())
                      + "; Alertmanager did not answer whether its alerts still fire")
              .severity(Severity.WARN)
              .text(SilenceReplies.failures(call.failures()))
              .button(
                  "Extend 1h",
                  dev.incidentbot.chat.Button.Style.PRIMARY,
                  SilenceReplies.extend(s.id(), "1h"))
              .build(),
          run.postKey("unknown"));
      return;
    }
    List<LiveAlert> firing = call.value();
    if (firing.isEmpty()) {
      log.info("silence {}: ends in {}; none of its alerts fires, so nothing to say", id, left);
      return;
    }
    outbox.post(s.thread(), SilenceReplies.ending(s, left, firing), run.postKey("ending"));
  }
}
