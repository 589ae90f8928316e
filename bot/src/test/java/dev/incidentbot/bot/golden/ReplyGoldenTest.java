package dev.incidentbot.bot.golden;

import dev.incidentbot.alert.TriageViews;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.followup.Comparison.Verdict;
import dev.incidentbot.followup.FollowUpReplies;
import dev.incidentbot.followup.FollowUpResult;
import dev.incidentbot.incident.ReminderNotice;
import dev.incidentbot.incident.ReminderReplies;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.PlanViews;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import dev.incidentbot.template.Templates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in reply templates rendered for known records, as console text ({@code .txt}) and as
 * the Discord message payloads ({@code .json}), against {@code golden/<template>/<case>.*}. After a
 * deliberate change, regenerate with {@code -Dgolden.update=true} and read the diff.
 */
@DisplayName("Reply templates: console text and Discord JSON exactly as the golden files")
class ReplyGoldenTest {
  private static final Templates BUILT_IN = new Templates(null);
  private static final String ROWS =
      """
                 before  +1 min  now
      memory     91 %    40 %    86 %
      evictions  1,204   0       0
      p99        4 ms    1 ms    1 ms""";

  static Stream<Arguments> replies() {
    var followUp = new FollowUpReplies(BUILT_IN);
    var reminder = new ReminderReplies(BUILT_IN);
    var plans = new PlanViews(BUILT_IN);
    var triage = new TriageViews(BUILT_IN);
    return Stream.of(
        Arguments.of(
            FollowUpReplies.TEMPLATE + "/holding",
            followUp.render(followUpResult(Verdict.HOLDING, Severity.OK, List.of(), "", ""))),
        Arguments.of(
            FollowUpReplies.TEMPLATE + "/warnings",
            followUp.render(followUpResult(Verdict.WARNINGS, Severity.WARN, List.of(), "", ""))),
        Arguments.of(
            FollowUpReplies.TEMPLATE + "/regression",
            followUp.render(
                followUpResult(
                    Verdict.REGRESSION,
                    Severity.CRITICAL,
                    List.of("memory 86 % (was 41 %)", "evictions 312 new"),
                    "late by 4 min: the bot was down",
                    ""))),
        Arguments.of(
            FollowUpReplies.TEMPLATE + "/not-fixed-unreachable",
            followUp.render(
                followUpResult(
                    Verdict.NOT_FIXED,
                    Severity.CRITICAL,
                    List.of(),
                    "",
                    "cannot connect to 127.0.0.1:6379 (connection refused)"))),
        Arguments.of(ReminderReplies.TEMPLATE + "/on-time", reminder.render(reminderNotice(""))),
        Arguments.of(
            ReminderReplies.TEMPLATE + "/late",
            reminder.render(reminderNotice("late by 4 min: the bot was down"))),
        Arguments.of(
            PlanViews.PLAN + "/low-risk",
            plans.confirmation(confirmation(plan(Risk.LOW, "", "", false, List.of())), CLOCK)),
        Arguments.of(
            PlanViews.PLAN + "/high-risk-second-person",
            plans.confirmation(
                confirmation(
                    plan(
                        Risk.HIGH,
                        "frees about 1.2 GB",
                        "≈ 143,210 keys match",
                        true,
                        List.of("cache:user:1", "cache:user:2"))),
                CLOCK)),
        Arguments.of(
            PlanViews.OUTCOME + "/done",
            plans.outcome(
                confirmation(plan(Risk.LOW, "", "", false, List.of())),
                "bob",
                new Outcome(
                    true,
                    true,
                    "removed 143,210 keys from cache",
                    List.of(
                        new Field("Memory", "91 % → 40 %", true),
                        new Field("Evictions/s", "310 → 0", true)),
                    "UNLINK 500 keys × 287"),
                "2 checks of cache scheduled here: +5 min, +25 min",
                "")),
        Arguments.of(
            PlanViews.OUTCOME + "/failed-not-recorded",
            plans.outcome(
                confirmation(plan(Risk.LOW, "", "", false, List.of())),
                "bob",
                new Outcome(false, false, "cannot connect to cache", List.of(), ""),
                "",
                "the bot's database is unreachable; the audit entry is retried")),
        Arguments.of(
            PlanViews.OUTCOME + "/stopped",
            plans.outcome(
                confirmation(plan(Risk.LOW, "", "", false, List.of())),
                "bob",
                new Outcome(
                    true,
                    true,
                    false,
                    "stopped by carol after removing 12 keys",
                    List.of(),
                    "",
                    "carol"),
                "",
                "")),
        Arguments.of(
            PlanViews.OUTCOME + "/nothing-to-do-long-output",
            plans.outcome(
                confirmation(plan(Risk.LOW, "", "", false, List.of())),
                "bob",
                new Outcome(true, false, "no key matches cache:*", List.of(), "line\n".repeat(400)),
                "",
                "")),
        Arguments.of(
            TriageViews.TRIAGE + "/healthy-disagrees",
            triage.triage(
                "RedisQueueDeep",
                List.of(
                    report(
                        "cache-a",
                        Scenario.HEALTHY,
                        new Finding("queue depth", Level.WARN, "12,000 waiting", ""))),
                Duration.ZERO,
                List.of())),
        Arguments.of(
            TriageViews.TRIAGE + "/two-targets-one-slow",
            triage.triage(
                "RedisSlow",
                List.of(
                    report("cache-b", Scenario.HEALTHY),
                    report(
                        "cache-a",
                        Scenario.SLOW,
                        new Finding("latency", Level.CRIT, "PING 12 ms", ""))),
                Duration.ofMillis(1_400),
                List.of(
                    new Button(
                        "Slow log",
                        Button.Style.SECONDARY,
                        Action.of("redis slowlog", "target", "cache-a"))))),
        Arguments.of(
            TriageViews.VERIFICATION + "/not-verified",
            triage.verification(
                "RedisSlow",
                List.of(
                    report("cache-b", Scenario.HEALTHY),
                    report(
                        "cache-a",
                        Scenario.SLOW,
                        new Finding("latency", Level.CRIT, "PING 12 ms", ""))))),
        Arguments.of(
            TriageViews.VERIFICATION + "/verified",
            triage.verification("RedisSlow", List.of(report("cache-a", Scenario.HEALTHY)))));
  }

  private static HealthReport report(String name, Scenario scenario, Finding... findings) {
    return new HealthReport(
        Target.standalone(name, "redis://127.0.0.1:6379"),
        scenario,
        Optional.of(Duration.ofMillis(1)),
        List.of(findings),
        Optional.empty(),
        InfoSnapshot.parse("# Clients\r\nconnected_clients:3\r\n"),
        Duration.ofMillis(5));
  }

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-05-04T08:01:30Z"), ZoneOffset.UTC);

  private static Plan plan(
      Risk risk, String effect, String matches, boolean secondPerson, List<String> samples) {
    return new Plan(
        "redis purge",
        "cache",
        Map.of("pattern", "cache:*"),
        "primary",
        risk == Risk.LOW ? "" : "1 replica, in sync",
        risk == Risk.LOW ? "" : "AOF every second",
        List.of("SCAN MATCH cache:* COUNT 1000", "UNLINK in batches of 500"),
        matches,
        samples,
        effect,
        risk,
        risk == Risk.LOW ? "" : "more than 100,000 keys",
        "operator",
        secondPerson);
  }

  private static Confirmation confirmation(Plan plan) {
    Instant at = Instant.parse("2026-05-04T08:00:00Z");
    return new Confirmation(
        "c7",
        plan,
        "100000000000000001",
        "alice",
        new Place("ops", null),
        at,
        at.plus(Duration.ofMinutes(10)),
        Confirmation.State.PENDING,
        null,
        null,
        null,
        null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  @DisplayName("each case, console and Discord")
  void matchesGolden(String name, Reply reply) throws Exception {
    GoldenReply.check(name, reply);
  }

  private static FollowUpResult followUpResult(
      Verdict verdict, Severity severity, List<String> regressions, String late, String problem) {
    return new FollowUpResult(
        "+5 min",
        "cache",
        verdict,
        severity,
        "Memory full",
        regressions,
        "/redis purge pattern:cache:* on cache confirmed by alice",
        late,
        problem,
        ROWS);
  }

  private static ReminderNotice reminderNotice(String late) {
    return new ReminderNotice(
        "INC-42", "alice", "100000000000000001", "P1", "31 min", "30 min", late, "15 min");
  }
}
