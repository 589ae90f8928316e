package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Form;
import dev.incidentbot.chat.FormField;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the bot says about silences and acknowledgements: the buttons on an alert, the form, the
 * plan's lines, the thread messages and the list. Wording only; the decisions are the commands'.
 */
public final class SilenceReplies {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final int LISTED = 5;

  /** The command names, for buttons. */
  static final String SILENCE = "alert silence";

  static final String UNSILENCE = "alert unsilence";
  static final String EXTEND = "alert extend";
  static final String LIST = "alert silences";
  static final String ACK = "alert ack";
  static final String LET_END = "alert let-end";

  private SilenceReplies() {}

  /** The buttons on an alert message and its triage: silence, unsilence, ack. */
  public static List<Button> alertButtons(String groupRef) {
    return List.of(
        new Button("Silence 1h", Button.Style.SECONDARY, silence(groupRef, "1h")),
        new Button("Silence 4h", Button.Style.SECONDARY, silence(groupRef, "4h")),
        new Button("Silence…", Button.Style.SECONDARY, Action.of(SILENCE, "group", groupRef)),
        new Button("Unsilence", Button.Style.SECONDARY, Action.of(UNSILENCE, "group", groupRef)),
        new Button("Ack", Button.Style.PRIMARY, Action.of(ACK, "group", groupRef)));
  }

  private static Action silence(String groupRef, String length) {
    return Action.of(SILENCE, "group", groupRef, "for", length);
  }

  /** "Silence…": how long and why, for the group. */
  static Reply form(SilenceGroups.Found found) {
    var form =
        new Form(
            Ellipsis.cut("Silence " + found.group().name(), Form.MAX_TITLE),
            SILENCE,
            Map.of("group", found.ref()),
            List.of(
                FormField.line("for", "For how long (30m, 2h, 1d)", "2h", 10),
                FormField.paragraph("comment", "Why (shown in Alertmanager)", "", 500)),
            Action.of(SILENCE, "group", found.ref()));
    return Reply.builder("Silence " + found.group().name())
        .text("How long, and why? The plan with its matchers follows for confirmation.")
        .form(form)
        .build();
  }

  static String willRun(List<String> alertmanagers, List<LabelMatcher> matchers, Duration length) {
    return "create a silence on "
        + String.join(", ", alertmanagers)
        + " for "
        + Durations.format(length)
        + " with matchers: "
        + LabelMatcher.text(matchers);
  }

  /** "2 alerts now: RedisDown {instance="a"}, …" or "no alert now (it applies when one fires)". */
  static String matchesNow(List<LiveAlert> matched) {
    if (matched.isEmpty()) {
      return "no alert now (it silences alerts that fire while it lasts)";
    }
    return matched.size()
        + (matched.size() == 1 ? " alert" : " alerts")
        + " now: "
        + names(matched);
  }

  static List<String> samples(List<LiveAlert> matched) {
    return matched.stream().limit(LISTED).map(a -> a.labels().toString()).toList();
  }

  /** "RedisDown ×2, RedisMemoryHigh". */
  static String names(List<LiveAlert> alerts) {
    var counts = new java.util.LinkedHashMap<String, Integer>();
    alerts.forEach(a -> counts.merge(a.name(), 1, Integer::sum));
    return counts.entrySet().stream()
        .map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
        .collect(Collectors.joining(", "));
  }

  /** "am-0: no answer within 5 s; am-1: HTTP 400 …". */
  static String failures(Map<String, String> failures) {
    return failures.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .sorted()
        .collect(Collectors.joining("; "));
  }

  static String askFailed(Map<String, String> failures) {
    return "Could not ask Alertmanager which alerts this would silence ("
        + failures(failures)
        + "). Nothing was planned; try again when Alertmanager answers.";
  }

  static String noneConfigured() {
    return "No Alertmanager is configured, so the bot cannot silence: add alerts.alertmanagers to"
        + " the configuration (see config.example.yml).";
  }

  static String noneConfirmed(Map<String, String> failures) {
    return "No Alertmanager confirmed the silence ("
        + failures(failures)
        + "). Nothing is silenced and nothing was recorded.";
  }

  static String groupGone() {
    return "The alert group is gone; nothing done.";
  }

  /**
   * Alertmanager created the silence, the store could not record it ({@code why}), and it was
   * expired again except on the Alertmanagers in {@code notUndone}.
   */
  static String notRecorded(String why, Map<String, String> notUndone) {
    return "Alertmanager created the silence but the bot's database could not record it ("
        + why
        + "), so it was expired again"
        + (notUndone.isEmpty() ? "" : " (not on " + failures(notUndone) + ": expire it there)")
        + ". Nothing is silenced by the bot; try again when the database is back.";
  }

  /** The outcome's headline. */
  static String created(SilenceRecord s, Map<String, String> failures) {
    String base =
        "silenced " + s.groupName() + " until " + time(s.endsAt()) + " (silence " + s.id() + ")";
    return failures.isEmpty()
        ? base
        : base + " on " + SilenceReplies.names(s.ids()) + " only; not on " + failures(failures);
  }

  /** In the group's thread once it is silenced: who, until when, the matchers, the buttons. */
  static Reply silencedInThread(SilenceRecord s, int suppressedNow) {
    return Reply.builder("🔕 Silenced by " + s.createdBy() + " until " + time(s.endsAt()))
        .severity(Severity.INFO)
        .text(
            (s.comment().isEmpty() ? "" : "“" + s.comment() + "”\n")
                + "Silence "
                + s.id()
                + " on "
                + SilenceReplies.names(s.ids())
                + "; suppressing "
                + suppressedNow
                + (suppressedNow == 1 ? " alert" : " alerts")
                + " now.")
        .field("Matchers", LabelMatcher.text(s.matchers()))
        .button("Extend 1h", Button.Style.SECONDARY, extend(s.id(), "1h"))
        .button("Unsilence", Button.Style.SECONDARY, Action.of(UNSILENCE, "silence", s.id()))
        .build();
  }

  static Action extend(String id, String length) {
    return Action.of(EXTEND, "silence", id, "for", length);
  }

  /** Before a silence ends while its alerts still fire. */
  static Reply ending(SilenceRecord s, Duration left, List<LiveAlert> firing) {
    return Reply.builder(
            "Silence by "
                + s.createdBy()
                + " ends in "
                + Durations.format(left.isNegative() ? Duration.ZERO : left)
                + "; "
                + names(firing)
                + " still firing")
        .severity(Severity.WARN)
        .text(
            "Silence "
                + s.id()
                + " ends at "
                + time(s.endsAt())
                + ". Extend it, or let it end and the alerts notify again.")
        .field("Matchers", LabelMatcher.text(s.matchers()))
        .button("Extend 1h", Button.Style.PRIMARY, extend(s.id(), "1h"))
        .button("Let it end", Button.Style.SECONDARY, Action.of(LET_END, "silence", s.id()))
        .build();
  }

  /** The list of silences that touch the bot's groups. */
  static Reply list(List<SilencesCommand.Listed> listed, Map<String, String> failures) {
    var reply =
        Reply.builder(
                listed.isEmpty()
                    ? "No active silence touches the bot's alert groups"
                    : listed.size() + (listed.size() == 1 ? " active silence" : " active silences"))
            .severity(failures.isEmpty() ? Severity.INFO : Severity.WARN);
    if (!failures.isEmpty()) {
      reply.text("Not answered: " + failures(failures) + ".");
    }
    for (SilencesCommand.Listed l : listed.stream().limit(20).toList()) {
      ActiveSilence s = l.silence();
      reply.field(
          (l.botId() == null ? s.id().substring(0, Math.min(8, s.id().length())) : l.botId())
              + " · by "
              + (s.createdBy().isEmpty() ? "?" : s.createdBy())
              + " · until "
              + time(s.endsAt()),
          LabelMatcher.text(s.matchers())
              + "\nOn "
              + String.join(", ", l.alertmanagers())
              + (l.groups().isEmpty() ? "" : " · groups: " + String.join(", ", l.groups()))
              + "\nSilences now: "
              + (l.silencedNow().isEmpty() ? "nothing firing" : names(l.silencedNow()))
              + (s.comment().isEmpty() ? "" : "\n“" + Ellipsis.cut(s.comment(), 200) + "”"));
      if (l.botId() != null) {
        reply.button(
            "Unsilence " + l.botId(),
            Button.Style.SECONDARY,
            Action.of(UNSILENCE, "silence", l.botId()));
      }
    }
    return reply.build();
  }

  static Reply acked(SilenceStore.Ack ack, String groupName) {
    return Reply.builder("✋ " + ack.byName() + " took " + groupName)
        .severity(Severity.INFO)
        .text(
            "Acknowledged at "
                + time(ack.at())
                + ". The on-call role is no longer pinged for this group's repeats; Alertmanager"
                + " is not changed (silence it to stop its notifications).")
        .build();
  }

  /** The silences tied to a resolved incident, with a button that expires them all. */
  public static Reply afterResolve(String incidentId, List<SilenceRecord> silences) {
    var reply =
        Reply.builder(
                silences.size()
                    + (silences.size() == 1 ? " silence is" : " silences are")
                    + " still active for "
                    + incidentId)
            .severity(Severity.WARN)
            .text(
                "The incident is resolved; its alerts stay silenced until these end. Expire them"
                    + " so that a new problem notifies again.");
    for (SilenceRecord s : silences) {
      reply.field(
          s.id() + " · by " + s.createdBy() + " · until " + time(s.endsAt()),
          LabelMatcher.text(s.matchers()));
    }
    reply.button(
        silences.size() == 1 ? "Expire it" : "Expire all " + silences.size(),
        Button.Style.PRIMARY,
        Action.of(
            UNSILENCE,
            "silence",
            silences.stream().map(SilenceRecord::id).collect(Collectors.joining(","))));
    return reply.build();
  }

  /** The Unsilence plan's effect. */
  static final String UNSILENCE_EFFECT = "its alerts notify again from the next group interval";

  /** The Unsilence plan's risk. */
  static final String UNSILENCE_RISK = "ending a silence hides nothing; the alerts notify again";

  /** The evidence label of silences the bot did not make, once expired. */
  static final String OTHERS_SILENCE = "Others' silence";

  static String noLongerActive(String id) {
    return "Silence " + id + " is no longer active; /alert silences lists the active ones.";
  }

  static String noActiveSilence(String id) {
    return "There is no active silence " + id + "; /alert silences lists the active ones.";
  }

  static String noBotSilence(String groupName) {
    return "The bot has no active silence of "
        + groupName
        + "; /alert silences lists silences others made.";
  }

  /** A silence the bot did not make, as asked for: "3f2a9c1d by alice: alertname="X"". */
  static String otherSilence(String askedId, ActiveSilence s) {
    return askedId + " by " + s.createdBy() + ": " + LabelMatcher.text(s.matchers());
  }

  /** "1 silence", "3 silences". */
  static String silences(int count) {
    return count + (count == 1 ? " silence" : " silences");
  }

  /** A plan line: expire the bot's silence {@code s}. */
  static String willExpire(SilenceRecord s) {
    return willExpire(
        s.id()
            + " (by "
            + s.createdBy()
            + ", until "
            + time(s.endsAt())
            + ") on "
            + names(s.ids())
            + ": "
            + LabelMatcher.text(s.matchers()));
  }

  /** A plan line: expire the silence described by {@code what}. */
  static String willExpire(String what) {
    return "expire " + what;
  }

  /** "expired on am-a, am-b" (sorted). */
  static String expiredOn(List<String> alertmanagers) {
    return "expired on " + String.join(", ", new java.util.TreeSet<>(alertmanagers));
  }

  static String expiryNotConfirmed(Map<String, String> failures) {
    return "No Alertmanager confirmed the expiry ("
        + failures(failures)
        + "). The silences stay active.";
  }

  static String expiredInPart(Map<String, String> failures) {
    return "expired only in part; still active on " + failures(failures);
  }

  /** The Unsilence outcome's headline when every Alertmanager confirmed. */
  static String expired(int done, List<String> ids) {
    return done == 0 ? "the silences had already ended" : "expired " + String.join(", ", ids);
  }

  /** The Alertmanagers of {@code ids}, sorted: "am-a, am-b". */
  static String names(Map<String, String> ids) {
    return String.join(", ", new java.util.TreeSet<>(ids.keySet()));
  }

  static String time(Instant at) {
    return TIME.format(at);
  }
}
