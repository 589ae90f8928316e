package dev.incidentbot.alert;

import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.template.ReplyTemplate;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.util.Map;
import java.util.Set;

/**
 * Renders what the bot says about alerts themselves from reply templates (built in, or the
 * operators' override), each from an {@link AlertNotice}:
 *
 * <ul>
 *   <li>{@code alert-message}: the alert message posted in the alert channel for a notification
 *       that came by webhook, the group's thread hangs on it;
 *   <li>{@code alert-update}: in the thread, the group changed while firing (alerts joined or some
 *       resolved); also what an edited update message says;
 *   <li>{@code alert-still-firing}: in the thread, firing again after the triage window;
 *   <li>{@code alert-resolved}: in the thread, the whole group resolved.
 * </ul>
 *
 * The code keeps what is not wording: the group's buttons (added by {@link AlertResponder}) and the
 * on-call ping of a repeat nobody took.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class AlertViews {
  /** The alert message's template: {@code templates/alert-message.reply}. */
  public static final String MESSAGE = "alert-message";

  /** The change notice's template: {@code templates/alert-update.reply}. */
  public static final String UPDATE = "alert-update";

  /** The repeat's template: {@code templates/alert-still-firing.reply}. */
  public static final String STILL_FIRING = "alert-still-firing";

  /** The resolved notice's template: {@code templates/alert-resolved.reply}. */
  public static final String RESOLVED = "alert-resolved";

  /** Titles are cut to this, within every chat's limit. */
  private static final int MAX_TITLE = 250;

  private final ReplyTemplate message;
  private final ReplyTemplate update;
  private final ReplyTemplate stillFiring;
  private final ReplyTemplate resolved;

  /**
   * @throws TemplateException naming the file and line when a template is unusable
   */
  public AlertViews(Templates templates) {
    Map<String, Object> sample = AlertNotice.sample().model();
    this.message = templates.loadReply(MESSAGE, sample, Set.of());
    this.update = templates.loadReply(UPDATE, sample, Set.of());
    this.stillFiring = templates.loadReply(STILL_FIRING, sample, Set.of());
    this.resolved = templates.loadReply(RESOLVED, sample, Set.of());
  }

  /** The alert message posted in the alert channel for a notification that came by webhook. */
  public Reply message(AlertNotice notice) {
    return render(message, notice);
  }

  /** In the thread: the group changed while still firing. */
  public Reply update(AlertNotice notice) {
    return render(update, notice);
  }

  /**
   * In the thread: firing again after the triage window, before the new triage. It pings the
   * on-call role unless someone took the group.
   */
  public Reply stillFiring(AlertNotice notice) {
    return render(stillFiring, notice).toBuilder().pingOnCall(notice.takenBy() == null).build();
  }

  /** In the thread: the whole group resolved; a verification check follows. */
  public Reply resolved(AlertNotice notice) {
    return render(resolved, notice);
  }

  private static Reply render(ReplyTemplate template, AlertNotice notice) {
    Reply r = template.render(notice.model(), Map.of());
    if (r.title().length() <= MAX_TITLE) {
      return r;
    }
    return new Reply(
        Ellipsis.cut(r.title(), MAX_TITLE),
        r.text(),
        r.severity(),
        r.fields(),
        r.codeBlocks(),
        r.buttons(),
        r.attachments(),
        r.ephemeral(),
        r.pingOnCall(),
        r.mentions(),
        r.form());
  }
}
