package dev.incidentbot.incident;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.template.ButtonAction;
import dev.incidentbot.template.ReplyTemplate;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link ReminderNotice} with the {@code update-reminder} reply template (built in, or
 * the operators' override). The buttons {@code post} (opens the update form) and {@code snooze} are
 * the code's; the template gives their labels. The commander is always mentioned.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class ReminderReplies {
  /** The template's name: {@code templates/update-reminder.reply}. */
  public static final String TEMPLATE = "update-reminder";

  static final String POST = "post";
  static final String SNOOZE = "snooze";

  private final ReplyTemplate template;

  /**
   * @throws TemplateException naming the file and line when the template is unusable
   */
  public ReminderReplies(Templates templates) {
    this.template =
        templates.loadReply(TEMPLATE, ReminderNotice.sample().model(), Set.of(POST, SNOOZE));
  }

  /** The reminder for {@code notice}. */
  public Reply render(ReminderNotice notice) {
    var buttons =
        Map.of(
            POST,
            new ButtonAction(
                Button.Style.PRIMARY,
                Action.of("incident update", IncidentLookup.OPTION, notice.id())),
            SNOOZE,
            new ButtonAction(
                Button.Style.SECONDARY,
                Action.of("incident snooze", IncidentLookup.OPTION, notice.id())));
    return template.render(notice.model(), buttons).toBuilder()
        .mention(notice.commanderId())
        .build();
  }
}
