package dev.incidentbot.alert.silence;

import dev.incidentbot.alert.AlertGroup;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /alert silence group: for: comment: [matchers:]}: a silence in every configured
 * Alertmanager, planned like any recovery action. The plan shows the matchers exactly as they will
 * be sent (by default one equality matcher per label the group's alerts share), how long, who asks,
 * which alerts it silences now (asked of Alertmanager with the matchers as filter), and its risk
 * ({@link SilenceScope}). Confirmed, it creates the silence on each Alertmanager and records it
 * only with the ids they answered; an Alertmanager that fails is named. Thread-safe; plan and
 * execute block for at most the Alertmanagers' timeout per call.
 */
public final class SilenceAction implements RecoveryAction {
  public static final String NAME = SilenceReplies.SILENCE;

  /** The longest silence the bot creates. */
  static final Duration MAX_LENGTH = Duration.ofDays(30);

  /** The longest comment a silence carries. */
  static final int MAX_COMMENT = 500;

  private static final Logger log = LoggerFactory.getLogger(SilenceAction.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_CHARS = "abcdefghjkmnpqrstuvwxyz23456789";

  private final SilenceGroups groups;
  private final Alertmanagers alertmanagers;
  private final SilenceStore store;
  private final SilenceReminders reminders;
  private final Outbox outbox;
  private final Clock clock;

  public SilenceAction(
      SilenceGroups groups,
      Alertmanagers alertmanagers,
      SilenceStore store,
      SilenceReminders reminders,
      Outbox outbox,
      Clock clock) {
    this.groups = groups;
    this.alertmanagers = alertmanagers;
    this.store = store;
    this.reminders = reminders;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        NAME,
        "silence an alert group in Alertmanager (confirmed)",
        Roles.OPERATOR,
        OptionSpec.text("group", "the alert's thread (default: this thread)", false),
        OptionSpec.text("for", "how long: 30m, 2h, 1d (without it: a form)", false),
        OptionSpec.text("comment", "why, shown in Alertmanager", false),
        OptionSpec.text("matchers", "instead of the group's labels: name=\"value\", …", false));
  }

  @Override
  public Plan plan(Request request) {
    requireConfigured(alertmanagers);
    SilenceGroups.Found found = groups.require(request);
    Duration length = length(request.requireOption("for"));
    List<LabelMatcher> matchers =
        request
            .option("matchers")
            .map(LabelMatcher::parse)
            .orElseGet(() -> LabelMatcher.ofLabels(found.labels()));
    SilenceScope.refuseEverything(matchers);
    var matched = alertmanagers.alerts(matchers);
    var all = alertmanagers.alerts(List.of());
    if (matched.allFailed(alertmanagers.names().size())
        || all.allFailed(alertmanagers.names().size())) {
      var failures = new java.util.HashMap<>(all.failures());
      failures.putAll(matched.failures());
      throw new UserFacingException(SilenceReplies.askFailed(failures));
    }
    var scope = SilenceScope.assess(matchers, found.labels(), length, matched.value(), all.value());
    String by = request.actor().name();
    if (request.option("comment").map(String::length).orElse(0) > MAX_COMMENT) {
      throw new UserFacingException(
          "comment: is too long; keep it under " + MAX_COMMENT + " characters.");
    }
    var plan =
        Plan.builder(NAME, target(found.group()), null)
            .param("group", found.ref())
            .param("for", Durations.typed(length))
            .param("matchers", LabelMatcher.text(matchers))
            .param("by", by)
            .param(
                "comment",
                request.option("comment").orElse("silenced from the alert thread by " + by))
            .willRun(SilenceReplies.willRun(alertmanagers.names(), matchers, length))
            .matches(SilenceReplies.matchesNow(matched.value()))
            .effect(
                "no notifications of these alerts for "
                    + Durations.format(length)
                    + "; Unsilence ends it at once")
            .risk(scope.risk(), scope.reason());
    SilenceReplies.samples(matched.value()).forEach(plan::sample);
    return plan.build();
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    List<LabelMatcher> matchers = LabelMatcher.parse(plan.param("matchers"));
    SilenceScope.refuseEverything(matchers);
    String key =
        groups
            .keyOf(plan.param("group"))
            .orElseThrow(() -> new UserFacingException(SilenceReplies.groupGone()));
    AlertGroup group = groups.byKey(key).group();
    Instant now = clock.instant();
    Instant end = now.plus(length(plan.param("for")));
    String by = plan.param("by");
    String comment = plan.param("comment");
    var made =
        alertmanagers.create(
            new Alertmanagers.NewSilence(matchers, now, end, by, comment), Map.of());
    if (made.value().isEmpty()) {
      throw new UserFacingException(SilenceReplies.noneConfirmed(made.failures()));
    }
    Place thread = group.thread() != null ? group.thread() : outbox.place(Outbox.Channel.ALERTS);
    var record =
        new SilenceRecord(
            newId(),
            key,
            group.name(),
            thread,
            target(group),
            matchers,
            made.value(),
            by,
            comment,
            now,
            end,
            SilenceRecord.State.ACTIVE);
    save(record, made.value());
    log.info(
        "alert group {}: silence {} by {} until {} on {}",
        group.name(),
        record.id(),
        by,
        end,
        made.value());
    int suppressed = suppressedNow(alertmanagers, record);
    afterCreate(record, suppressed);
    return outcome(record, made, suppressed);
  }

  /**
   * Records the silence the Alertmanagers created; when the store fails, expires it again so that
   * nothing is silenced that the bot does not know of, and says so.
   */
  private void save(SilenceRecord record, Map<String, String> created) {
    try {
      store.save(record);
    } catch (RuntimeException e) {
      var undone = alertmanagers.expire(created);
      log.error(
          "alert group {}: could not record silence {}; expired it again on {}",
          record.groupName(),
          created,
          undone.value(),
          e);
      throw new UserFacingException(SilenceReplies.notRecorded(e.getMessage(), undone.failures()));
    }
  }

  /** Success when every Alertmanager created it; the ids and failures as evidence. */
  private static Outcome outcome(
      SilenceRecord record, Alertmanagers.Call<Map<String, String>> made, int suppressed) {
    Map<String, String> failures = made.failures();
    var evidence = new ArrayList<Field>();
    new java.util.TreeMap<>(made.value())
        .forEach((am, id) -> evidence.add(new Field(am, "silence " + id, true)));
    new java.util.TreeMap<>(failures)
        .forEach((am, why) -> evidence.add(new Field(am, "failed: " + why, true)));
    evidence.add(new Field("Suppressed now", String.valueOf(suppressed), true));
    String headline = SilenceReplies.created(record, failures);
    return failures.isEmpty()
        ? Outcome.success(headline, evidence)
        : Outcome.failure(headline, evidence);
  }

  private void afterCreate(SilenceRecord record, int suppressed) {
    try {
      reminders.schedule(record);
    } catch (RuntimeException e) {
      log.warn("silence {}: could not schedule the warning before it ends", record.id(), e);
    }
    try {
      outbox.post(record.thread(), SilenceReplies.silencedInThread(record, suppressed));
    } catch (RuntimeException e) {
      log.warn("silence {}: could not say so in the thread", record.id(), e);
    }
  }

  /** Silences change Alertmanager, not Redis: no health follow-ups. */
  @Override
  public boolean followsUp() {
    return false;
  }

  @Override
  public String lockKey(Plan plan) {
    return lockKey(plan.param("group"));
  }

  /**
   * How many alerts the silence suppresses now, as Alertmanager says; 0 when it does not answer.
   */
  static int suppressedNow(Alertmanagers alertmanagers, SilenceRecord record) {
    var now = alertmanagers.alerts(record.matchers());
    return (int)
        now.value().stream()
            .filter(a -> a.silencedBy().stream().anyMatch(record.ids()::containsValue))
            .count();
  }

  static void requireConfigured(Alertmanagers alertmanagers) {
    if (alertmanagers.names().isEmpty()) {
      throw new UserFacingException(SilenceReplies.noneConfigured());
    }
  }

  static Duration length(String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage());
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new UserFacingException("'" + text + "' is too short for a silence.");
    }
    if (d.compareTo(MAX_LENGTH) > 0) {
      throw new UserFacingException(
          "'" + text + "' is longer than the 30 days a silence may last; use at most 30d.");
    }
    return d;
  }

  /** The plan's target: the group's Redis target, else its name (as the audit log keeps it). */
  static String target(AlertGroup group) {
    return group.targets().isEmpty()
        ? dev.incidentbot.chat.Ellipsis.cut(group.name(), 100)
        : group.targets().get(0);
  }

  /** A lock key of bounded length for {@code ref}: long group keys are digested. */
  static String lockKey(String ref) {
    if (ref.length() <= 150) {
      return "silence:" + ref;
    }
    try {
      var sha = java.security.MessageDigest.getInstance("SHA-256");
      return "silence:sha256:"
          + java.util.HexFormat.of()
              .formatHex(sha.digest(ref.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  static String newId() {
    var sb = new StringBuilder("s");
    for (int i = 0; i < 7; i++) {
      sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
    }
    return sb.toString();
  }
}
