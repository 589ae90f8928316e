package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /alert extend silence:<id> for:1h} and the Extend buttons: moves a bot silence's end
 * {@code for} later than it is now (or than now, once it ended), in every Alertmanager that holds
 * it ({@code POST /api/v2/silences} with its id; Alertmanager may answer a new id, which is kept).
 * Planned and judged like a new silence: longer than 24 h from now is high risk.
 */
public final class ExtendSilenceAction implements RecoveryAction {
  public static final String NAME = SilenceReplies.EXTEND;

  private final SilenceGroups groups;
  private final Alertmanagers alertmanagers;
  private final SilenceStore store;
  private final SilenceReminders reminders;
  private final Clock clock;

  public ExtendSilenceAction(
      SilenceGroups groups,
      Alertmanagers alertmanagers,
      SilenceStore store,
      SilenceReminders reminders,
      Clock clock) {
    this.groups = groups;
    this.alertmanagers = alertmanagers;
    this.store = store;
    this.reminders = reminders;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        NAME,
        "make a bot silence last longer (confirmed)",
        Roles.OPERATOR,
        OptionSpec.text("silence", "the silence id (default: the group's ending soonest)", false),
        OptionSpec.text("for", "how much longer: 30m, 1h (default 1h)", false),
        OptionSpec.text("group", "the alert's thread (default: this thread)", false));
  }

  @Override
  public Plan plan(Request request) {
    SilenceAction.requireConfigured(alertmanagers);
    Instant now = clock.instant();
    SilenceRecord s = find(request, now);
    Duration more = SilenceAction.length(request.option("for").orElse("1h"));
    Instant newEnd = later(s.endsAt(), now).plus(more);
    Map<String, String> labels =
        store.labels(s.groupKey()).orElseGet(() -> equalities(s.matchers()));
    var matched = alertmanagers.alerts(s.matchers());
    var all = alertmanagers.alerts(List.of());
    if (matched.allFailed(alertmanagers.names().size())) {
      throw new UserFacingException(SilenceReplies.askFailed(matched.failures()));
    }
    var scope =
        SilenceScope.assess(
            s.matchers(), labels, Duration.between(now, newEnd), matched.value(), all.value());
    var plan =
        Plan.builder(NAME, s.target() == null ? s.groupName() : s.target(), null)
            .param("silence", s.id())
            .param("for", Durations.typed(more))
            .willRun(
                "move the end of "
                    + s.id()
                    + " (by "
                    + s.createdBy()
                    + ") from "
                    + SilenceReplies.time(s.endsAt())
                    + " to about "
                    + SilenceReplies.time(newEnd)
                    + " on "
                    + SilenceReplies.names(s.ids())
                    + ": "
                    + LabelMatcher.text(s.matchers()))
            .matches(SilenceReplies.matchesNow(matched.value()))
            .effect("no notifications of these alerts for " + Durations.format(more) + " more")
            .risk(scope.risk(), scope.reason());
    return plan.build();
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Instant now = clock.instant();
    SilenceRecord s =
        store
            .find(plan.param("silence"))
            .orElseThrow(() -> new UserFacingException("That silence is gone; nothing done."));
    if (s.state() != SilenceRecord.State.ACTIVE) {
      throw new UserFacingException(
          "Silence " + s.id() + " was expired meanwhile; silence the group again instead.");
    }
    Instant newEnd = later(s.endsAt(), now).plus(SilenceAction.length(plan.param("for")));
    boolean ended = !s.endsAt().isAfter(now);
    var made =
        alertmanagers.create(
            new Alertmanagers.NewSilence(
                s.matchers(), ended ? now : s.startsAt(), newEnd, s.createdBy(), s.comment()),
            ended ? Map.of() : s.ids());
    if (made.value().isEmpty()) {
      throw new UserFacingException(
          "No Alertmanager confirmed the extension ("
              + SilenceReplies.failures(made.failures())
              + "). The silence still ends at "
              + SilenceReplies.time(s.endsAt())
              + ".");
    }
    var ids = new HashMap<>(s.ids());
    ids.putAll(made.value());
    SilenceRecord extended = s.extended(newEnd, ids);
    store.update(extended);
    reminders.schedule(extended);
    var evidence = new ArrayList<Field>();
    evidence.add(
        Outcome.change("Ends", SilenceReplies.time(s.endsAt()), SilenceReplies.time(newEnd)));
    new java.util.TreeMap<>(made.value())
        .forEach((am, id) -> evidence.add(new Field(am, "silence " + id, true)));
    new java.util.TreeMap<>(made.failures())
        .forEach((am, why) -> evidence.add(new Field(am, "failed: " + why, true)));
    String headline =
        "silence "
            + s.id()
            + " of "
            + s.groupName()
            + " now ends at "
            + SilenceReplies.time(newEnd)
            + (made.failures().isEmpty()
                ? ""
                : "; not on "
                    + SilenceReplies.failures(made.failures())
                    + ", where it still ends at "
                    + SilenceReplies.time(s.endsAt()));
    return made.failures().isEmpty()
        ? Outcome.success(headline, evidence)
        : Outcome.failure(headline, evidence);
  }

  @Override
  public boolean followsUp() {
    return false;
  }

  @Override
  public String lockKey(Plan plan) {
    return "silence:" + plan.param("silence");
  }

  private SilenceRecord find(Request request, Instant now) {
    if (request.option("silence").isPresent()) {
      String id = request.option("silence").get();
      return store
          .find(id)
          .orElseThrow(
              () ->
                  new UserFacingException(
                      "The bot made no silence " + id + "; /alert silences lists them."));
    }
    SilenceGroups.BotSilences silences = groups.botSilences(request, now);
    return silences.active().stream()
        .findFirst()
        .orElseThrow(
            () ->
                new UserFacingException(
                    "The bot has no active silence of " + silences.group().name() + " to extend."));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Map<String, String> equalities(List<LabelMatcher> matchers) {
    return matchers.stream()
        .filter(m -> m.op() == LabelMatcher.Op.EQUAL)
        .collect(Collectors.toMap(LabelMatcher::name, LabelMatcher::value, (a, b) -> a));
  }
}
