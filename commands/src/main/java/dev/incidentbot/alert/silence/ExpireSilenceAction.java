package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /alert unsilence [silence:<ids>] [group:]} and the Unsilence button: expires silences,
 * planned and confirmed like any action. Without {@code silence:} it takes the bot's active
 * silences of the group; {@code silence:} also takes an Alertmanager silence id (or its first 8
 * characters, as {@code /alert silences} shows others' silences). A silence is marked expired only
 * once every Alertmanager that held it confirmed; one that fails is named and keeps it.
 */
public final class ExpireSilenceAction implements RecoveryAction {
  public static final String NAME = SilenceReplies.UNSILENCE;

  private final SilenceGroups groups;
  private final Alertmanagers alertmanagers;
  private final SilenceStore store;
  private final SilenceReminders reminders;
  private final Clock clock;

  public ExpireSilenceAction(
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
        "expire silences of an alert group (confirmed)",
        Roles.OPERATOR,
        OptionSpec.text("silence", "silence ids, comma-separated (default: the group's)", false),
        OptionSpec.text("group", "the alert's thread (default: this thread)", false));
  }

  @Override
  public Plan plan(Request request) {
    SilenceAction.requireConfigured(alertmanagers);
    Instant now = clock.instant();
    var own = new ArrayList<SilenceRecord>();
    var foreign = new LinkedHashMap<String, String>();
    var foreignText = new ArrayList<String>();
    if (request.option("silence").isPresent()) {
      List<ActiveSilence> held = null;
      for (String id : ids(request.option("silence").get())) {
        var mine = store.find(id);
        if (mine.isPresent()) {
          if (!mine.get().activeAt(now)) {
            throw new UserFacingException(
                "Silence " + id + " is no longer active; /alert silences lists the active ones.");
          }
          own.add(mine.get());
          continue;
        }
        if (held == null) {
          var call = alertmanagers.silences();
          if (call.allFailed(alertmanagers.names().size())) {
            throw new UserFacingException(SilenceReplies.askFailed(call.failures()));
          }
          held = call.value();
        }
        List<ActiveSilence> found =
            held.stream().filter(s -> s.active() && s.id().startsWith(id)).toList();
        if (found.isEmpty()) {
          throw new UserFacingException(
              "There is no active silence " + id + "; /alert silences lists the active ones.");
        }
        found.forEach(s -> foreign.put(s.alertmanager(), s.id()));
        foreignText.add(
            id
                + " by "
                + found.get(0).createdBy()
                + ": "
                + LabelMatcher.text(found.get(0).matchers()));
      }
    } else {
      SilenceGroups.Found found = groups.require(request);
      own.addAll(store.activeForGroup(found.group().key(), now));
      if (own.isEmpty()) {
        throw new NothingToDo(
            "The bot has no active silence of "
                + found.group().name()
                + "; /alert silences lists silences others made.");
      }
    }
    String target = own.isEmpty() ? "alertmanager" : own.get(0).target();
    var plan =
        Plan.builder(NAME, target == null ? own.get(0).groupName() : target, null)
            .param("silence", own.stream().map(SilenceRecord::id).collect(Collectors.joining(",")))
            .param(
                "foreign",
                foreign.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")))
            .matches(
                (own.size() + foreignText.size())
                    + ((own.size() + foreignText.size()) == 1 ? " silence" : " silences"))
            .effect("its alerts notify again from the next group interval")
            .risk(Risk.LOW, "ending a silence hides nothing; the alerts notify again");
    for (SilenceRecord s : own) {
      plan.willRun(
          "expire "
              + s.id()
              + " (by "
              + s.createdBy()
              + ", until "
              + SilenceReplies.time(s.endsAt())
              + ") on "
              + SilenceReplies.names(s.ids())
              + ": "
              + LabelMatcher.text(s.matchers()));
    }
    foreignText.forEach(t -> plan.willRun("expire " + t));
    return plan.build();
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    var evidence = new ArrayList<Field>();
    var failures = new HashMap<String, String>();
    int done = 0;
    for (String id : ids(plan.param("silence"))) {
      SilenceRecord s = store.find(id).orElse(null);
      if (s == null || s.state() != SilenceRecord.State.ACTIVE) {
        continue;
      }
      var call = alertmanagers.expire(s.ids());
      var left = new HashMap<>(s.ids());
      call.value().forEach(left::remove);
      if (left.isEmpty()) {
        store.update(s.expired());
        reminders.cancel(s.id());
        done++;
        evidence.add(
            new Field(
                s.id(),
                "expired on " + String.join(", ", new java.util.TreeSet<>(call.value())),
                true));
      } else {
        store.update(s.extended(s.endsAt(), left));
        call.failures().forEach((am, why) -> failures.put(am, s.id() + ": " + why));
        if (!call.value().isEmpty()) {
          done++;
        }
      }
    }
    String foreignParam = plan.param("foreign");
    if (!foreignParam.isEmpty()) {
      var ids =
          Arrays.stream(foreignParam.split(","))
              .map(p -> p.split("=", 2))
              .collect(Collectors.toMap(p -> p[0], p -> p[1]));
      var call = alertmanagers.expire(ids);
      failures.putAll(call.failures());
      if (!call.value().isEmpty()) {
        done++;
        evidence.add(
            new Field(
                "Others' silence",
                "expired on " + String.join(", ", new java.util.TreeSet<>(call.value())),
                true));
      }
    }
    if (done == 0 && !failures.isEmpty()) {
      throw new UserFacingException(
          "No Alertmanager confirmed the expiry ("
              + SilenceReplies.failures(failures)
              + "). The silences stay active.");
    }
    if (!failures.isEmpty()) {
      return Outcome.failure(
          "expired only in part; still active on " + SilenceReplies.failures(failures), evidence);
    }
    return Outcome.doneAfter(
        done,
        done == 0 ? "the silences had already ended" : "expired " + plan.param("silence"),
        evidence);
  }

  @Override
  public boolean followsUp() {
    return false;
  }

  @Override
  public String lockKey(Plan plan) {
    return SilenceAction.lockKey(plan.target());
  }

  static List<String> ids(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
