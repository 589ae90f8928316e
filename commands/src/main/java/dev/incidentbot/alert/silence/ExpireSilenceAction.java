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
import java.util.Map;
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
    Chosen chosen =
        request.option("silence").isPresent()
            ? byIds(ids(request.option("silence").get()), now)
            : ofGroup(request, now);
    return planFor(chosen);
  }

  /**
   * The silences a plan expires.
   *
   * @param own the bot's silences
   * @param others silences the bot did not make, each where an Alertmanager holds it (several per
   *     Alertmanager, and one silence on several of an HA cluster)
   * @param otherLines one line per other silence asked for, for the plan
   */
  private record Chosen(List<SilenceRecord> own, List<Held> others, List<String> otherLines) {
    int count() {
      return own.size() + otherLines.size();
    }
  }

  /**
   * The silences named in {@code silence:}: the bot's own first, else an Alertmanager silence whose
   * id starts with the given one (Alertmanager is asked once, and only if needed).
   */
  private Chosen byIds(List<String> ids, Instant now) {
    var chosen = new Chosen(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<ActiveSilence> held = null;
    for (String id : ids) {
      var mine = store.find(id);
      if (mine.isPresent()) {
        if (!mine.get().activeAt(now)) {
          throw new UserFacingException(SilenceReplies.noLongerActive(id));
        }
        chosen.own().add(mine.get());
        continue;
      }
      if (held == null) {
        held = heldByAlertmanagers();
      }
      List<ActiveSilence> found =
          held.stream().filter(s -> s.active() && s.id().startsWith(id)).toList();
      if (found.isEmpty()) {
        throw new UserFacingException(SilenceReplies.noActiveSilence(id));
      }
      found.forEach(s -> chosen.others().add(new Held(s.alertmanager(), s.id())));
      chosen.otherLines().add(SilenceReplies.otherSilence(id, found.get(0)));
    }
    return chosen;
  }

  /** Every silence the Alertmanagers hold; refuses when none of them answers. */
  private List<ActiveSilence> heldByAlertmanagers() {
    var call = alertmanagers.silences();
    if (call.allFailed(alertmanagers.names().size())) {
      throw new UserFacingException(SilenceReplies.askFailed(call.failures()));
    }
    return call.value();
  }

  /** Without {@code silence:}: the bot's active silences of the request's group. */
  private Chosen ofGroup(Request request, Instant now) {
    SilenceGroups.BotSilences silences = groups.botSilences(request, now);
    if (silences.active().isEmpty()) {
      throw new NothingToDo(SilenceReplies.noBotSilence(silences.group().name()));
    }
    return new Chosen(new ArrayList<>(silences.active()), List.of(), List.of());
  }

  private static Plan planFor(Chosen chosen) {
    List<SilenceRecord> own = chosen.own();
    String target = own.isEmpty() ? "alertmanager" : own.get(0).target();
    var plan =
        Plan.builder(NAME, target == null ? own.get(0).groupName() : target, null)
            .param("silence", own.stream().map(SilenceRecord::id).collect(Collectors.joining(",")))
            .param(
                "foreign",
                chosen.others().stream()
                    .map(Held::param)
                    .distinct()
                    .collect(Collectors.joining(",")))
            .matches(SilenceReplies.silences(chosen.count()))
            .effect(SilenceReplies.UNSILENCE_EFFECT)
            .risk(Risk.LOW, SilenceReplies.UNSILENCE_RISK);
    own.forEach(s -> plan.willRun(SilenceReplies.willExpire(s)));
    chosen.otherLines().forEach(t -> plan.willRun(SilenceReplies.willExpire(t)));
    return plan.build();
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    var evidence = new ArrayList<Field>();
    var failures = new HashMap<String, String>();
    int done = 0;
    for (String id : ids(plan.param("silence"))) {
      done += expireOwn(id, evidence, failures);
    }
    done += expireOthers(plan.param("foreign"), evidence, failures);
    if (done == 0 && !failures.isEmpty()) {
      throw new UserFacingException(SilenceReplies.expiryNotConfirmed(failures));
    }
    if (!failures.isEmpty()) {
      return Outcome.failure(SilenceReplies.expiredInPart(failures), evidence);
    }
    return Outcome.doneAfter(done, SilenceReplies.expired(done, named(plan)), evidence);
  }

  /**
   * Expires the bot's silence {@code id} if it is still active. It is marked expired once every
   * Alertmanager that held it confirmed; otherwise it keeps the ids of those that did not, which
   * are named in {@code failures}.
   *
   * @return 1 when at least one Alertmanager expired it, else 0
   */
  private int expireOwn(String id, List<Field> evidence, Map<String, String> failures) {
    SilenceRecord s = store.find(id).orElse(null);
    if (s == null || s.state() != SilenceRecord.State.ACTIVE) {
      return 0;
    }
    var call = alertmanagers.expire(s.ids());
    var left = new HashMap<>(s.ids());
    call.value().forEach(left::remove);
    if (left.isEmpty()) {
      store.update(s.expired());
      reminders.cancel(s.id());
      evidence.add(new Field(s.id(), SilenceReplies.expiredOn(call.value()), true));
      return 1;
    }
    store.update(s.extended(s.endsAt(), left));
    call.failures().forEach((am, why) -> failures.put(am, s.id() + ": " + why));
    return call.value().isEmpty() ? 0 : 1;
  }

  /** The silences a plan expires as people name them: the bot's ids, then others' (short). */
  private static List<String> named(Plan plan) {
    var names = new ArrayList<>(ids(plan.param("silence")));
    for (Held other : Held.parse(plan.param("foreign"))) {
      String shown = other.id().substring(0, Math.min(8, other.id().length()));
      if (!names.contains(shown)) {
        names.add(shown);
      }
    }
    return names;
  }

  /** A silence the bot did not make, where one Alertmanager holds it. */
  private record Held(String alertmanager, String id) {
    /** As the plan's {@code foreign} parameter keeps it: {@code alertmanager=id}. */
    String param() {
      return alertmanager + "=" + id;
    }

    /** The plan's {@code foreign} parameter ({@code alertmanager=id,…}) read back. */
    static List<Held> parse(String param) {
      return ids(param).stream().map(p -> p.split("=", 2)).map(p -> new Held(p[0], p[1])).toList();
    }
  }

  /**
   * Expires the silences the bot did not make, {@code foreignParam} as the plan keeps them ({@code
   * alertmanager=id,…}): each silence on every Alertmanager that holds it, so two silences on one
   * Alertmanager are both expired.
   *
   * @return how many of the silences at least one Alertmanager expired
   */
  private int expireOthers(
      String foreignParam, List<Field> evidence, Map<String, String> failures) {
    var bySilence = new LinkedHashMap<String, Map<String, String>>();
    for (Held other : Held.parse(foreignParam)) {
      bySilence
          .computeIfAbsent(other.id(), id -> new LinkedHashMap<>())
          .put(other.alertmanager(), other.id());
    }
    var expiredOn = new java.util.LinkedHashSet<String>();
    int expired = 0;
    for (var silence : bySilence.entrySet()) {
      var call = alertmanagers.expire(silence.getValue());
      call.failures()
          .forEach(
              (am, why) ->
                  failures.merge(am, silence.getKey() + ": " + why, (a, b) -> a + "; " + b));
      if (!call.value().isEmpty()) {
        expired++;
        expiredOn.addAll(call.value());
      }
    }
    if (expired > 0) {
      evidence.add(
          new Field(
              SilenceReplies.OTHERS_SILENCE,
              SilenceReplies.expiredOn(List.copyOf(expiredOn)),
              true));
    }
    return expired;
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
