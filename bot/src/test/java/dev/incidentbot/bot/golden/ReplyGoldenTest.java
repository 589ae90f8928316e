package dev.incidentbot.bot.golden;

import dev.incidentbot.bot.console.ConsoleText;
import dev.incidentbot.bot.discord.DiscordPayloads;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.followup.Comparison.Verdict;
import dev.incidentbot.followup.FollowUpReplies;
import dev.incidentbot.followup.FollowUpResult;
import dev.incidentbot.incident.ReminderNotice;
import dev.incidentbot.incident.ReminderReplies;
import dev.incidentbot.template.Templates;
import dev.incidentbot.testing.Golden;
import java.util.List;
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
            reminder.render(reminderNotice("late by 4 min: the bot was down"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  @DisplayName("each case, console and Discord")
  void matchesGolden(String name, Reply reply) throws Exception {
    Golden.check(name + ".txt", ConsoleText.of(reply));
    Golden.check(name + ".json", DiscordPayloads.json(reply));
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
