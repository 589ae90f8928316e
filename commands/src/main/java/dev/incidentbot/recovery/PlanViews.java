package dev.incidentbot.recovery;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Durations;
import dev.incidentbot.template.ButtonAction;
import dev.incidentbot.template.ReplyTemplate;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the plan awaiting Confirm ({@code recovery-plan}) and the action's outcome ({@code
 * action-outcome}) from reply templates (built in, or the operators' override). The code supplies
 * the Confirm and Cancel actions and their styles, attaches long output as a file, and works out
 * the colours; the templates say everything else.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class PlanViews {
  /** The plan's template: {@code templates/recovery-plan.reply}. */
  public static final String PLAN = "recovery-plan";

  /** The outcome's template: {@code templates/action-outcome.reply}. */
  public static final String OUTCOME = "action-outcome";

  static final String CONFIRM = "confirm";
  static final String CANCEL = "cancel";
  private static final int INLINE_DETAILS = 1500;

  private static volatile PlanViews builtIn;

  private final ReplyTemplate plan;
  private final ReplyTemplate outcome;

  /**
   * @throws TemplateException naming the file and line when a template is unusable
   */
  public PlanViews(Templates templates) {
    var sample = sampleConfirmation();
    this.plan =
        templates.loadReply(PLAN, planModel(sample, Instant.EPOCH), Set.of(CONFIRM, CANCEL));
    this.outcome =
        templates.loadReply(
            OUTCOME,
            outcomeModel(sample, "bob", sampleOutcome(), "2 checks", "database down"),
            Set.of());
  }

  /** The built-in templates, loaded once. */
  static PlanViews builtIn() {
    PlanViews v = builtIn;
    if (v == null) {
      v = new PlanViews(new Templates(null));
      builtIn = v;
    }
    return v;
  }

  /** The plan, posted in the channel for anyone to read, with Confirm and Cancel. */
  public Reply confirmation(Confirmation c, Clock clock) {
    Risk risk = c.plan().risk();
    var buttons =
        Map.of(
            CONFIRM,
            new ButtonAction(
                risk == Risk.LOW ? Button.Style.SUCCESS : Button.Style.DANGER,
                Action.of("confirm", "id", c.id())),
            CANCEL,
            new ButtonAction(Button.Style.SECONDARY, Action.of("cancel", "id", c.id())));
    return plan.render(planModel(c, clock.instant()), buttons);
  }

  /**
   * What came of it, with before/after evidence and, when the bot's database could not record it,
   * {@code notRecorded} saying so. Output too long for the message is attached as a file.
   */
  public Reply outcome(
      Confirmation c, String confirmedBy, Outcome o, String followUps, String notRecorded) {
    Reply reply = outcome.render(outcomeModel(c, confirmedBy, o, followUps, notRecorded), Map.of());
    if (o.details().length() > INLINE_DETAILS) {
      reply =
          reply.toBuilder()
              .attach(Attachment.text("output-" + c.id() + ".txt", o.details()))
              .build();
    }
    return reply;
  }

  static Map<String, Object> planModel(Confirmation c, Instant now) {
    Plan p = c.plan();
    var m = new LinkedHashMap<String, Object>();
    m.put("summary", p.summary());
    m.put("severity", level(p.risk() == Risk.LOW ? Severity.INFO : Severity.WARN));
    m.put("effect", p.effect());
    m.put("target", p.target());
    m.put("targetRole", p.targetRole());
    m.put("replicas", p.replicas());
    m.put("persistence", p.persistence());
    m.put("willRun", p.willRun());
    m.put("matches", p.matches());
    m.put("samples", p.samples());
    m.put("risk", p.risk().label());
    m.put("highRisk", p.risk() == Risk.HIGH);
    m.put("riskReason", p.riskReason());
    m.put("requester", c.requesterName());
    m.put("requiredRole", p.requiredRole());
    m.put("secondPerson", p.secondPerson());
    Duration left = Duration.between(now, c.expiresAt());
    m.put("expiresIn", Durations.format(left.isNegative() ? Duration.ZERO : left));
    m.put("expiresAt", PlanReplies.time(c.expiresAt()));
    return m;
  }

  static Map<String, Object> outcomeModel(
      Confirmation c, String confirmedBy, Outcome o, String followUps, String notRecorded) {
    var m = new LinkedHashMap<String, Object>();
    boolean stopped = !o.stoppedBy().isEmpty();
    m.put("stopped", stopped);
    m.put("failed", !stopped && !o.succeeded());
    m.put("done", !stopped && o.succeeded() && o.changed());
    m.put("nothingToDo", !stopped && o.succeeded() && !o.changed());
    m.put("headline", stopped ? PlanReplies.stoppedTitle(o) : o.headline());
    m.put("stoppedBy", o.stoppedBy());
    m.put("severity", level(PlanReplies.severity(o)));
    m.put("summary", c.plan().summary());
    m.put(
        "evidence",
        o.evidence().stream().map(f -> Map.of("name", f.name(), "value", f.value())).toList());
    m.put("requester", c.requesterName());
    m.put("confirmedBy", confirmedBy);
    m.put("followUps", followUps);
    m.put("notRecorded", notRecorded);
    m.put("details", o.details().length() <= INLINE_DETAILS ? o.details() : "");
    m.put("detailsAttached", o.details().length() > INLINE_DETAILS);
    return m;
  }

  private static String level(Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private static Confirmation sampleConfirmation() {
    var plan =
        new Plan(
            "redis purge",
            "cache",
            Map.of("pattern", "cache:*"),
            "primary",
            "1 replica",
            "AOF every second",
            List.of("SCAN MATCH cache:* then UNLINK in batches of 500"),
            "≈ 143,210 keys",
            List.of("cache:user:1", "cache:user:2"),
            "frees about 1.2 GB",
            Risk.HIGH,
            "more than 100,000 keys",
            "operator",
            true);
    Instant at = Instant.parse("2026-05-04T08:00:00Z");
    return new Confirmation(
        "c-1",
        plan,
        "1",
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

  private static Outcome sampleOutcome() {
    return new Outcome(
        true,
        true,
        false,
        "removed 143,210 keys from cache",
        List.of(new Field("Memory", "91 % → 40 %", true)),
        "UNLINK 500 keys × 287",
        "carol");
  }
}
