package dev.incidentbot.alert;

import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.template.ReplyTemplate;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders an alert's triage ({@code triage}) and the verification after it resolved ({@code
 * triage-verification}) from reply templates (built in, or the operators' override). The suggested
 * actions' buttons come from the runbook scenario ({@link SuggestedActions}) and follow the
 * template's own.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class TriageViews {
  /** The triage's template: {@code templates/triage.reply}. */
  public static final String TRIAGE = "triage";

  /** The verification's template: {@code templates/triage-verification.reply}. */
  public static final String VERIFICATION = "triage-verification";

  private static volatile TriageViews builtIn;

  private final ReplyTemplate triage;
  private final ReplyTemplate verification;

  /**
   * @throws TemplateException naming the file and line when a template is unusable
   */
  public TriageViews(Templates templates) {
    this.triage = templates.loadReply(TRIAGE, TriageSample.triage(), Set.of());
    this.verification = templates.loadReply(VERIFICATION, TriageSample.verification(), Set.of());
  }

  /** The built-in templates, loaded once. */
  static TriageViews builtIn() {
    TriageViews v = builtIn;
    if (v == null) {
      v = new TriageViews(new Templates(null));
      builtIn = v;
    }
    return v;
  }

  public Reply triage(
      String alert, List<HealthReport> reports, Duration resultAge, List<Button> buttons) {
    Reply reply = triage.render(TriageReplies.triageModel(alert, reports, resultAge), Map.of());
    var b = reply.toBuilder();
    buttons.forEach(button -> b.button(button.label(), button.style(), button.action()));
    return b.build();
  }

  public Reply verification(String alert, List<HealthReport> reports) {
    return verification.render(TriageReplies.verificationModel(alert, reports), Map.of());
  }
}
