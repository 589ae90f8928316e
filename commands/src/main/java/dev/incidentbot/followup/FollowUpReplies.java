package dev.incidentbot.followup;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.template.ReplyTemplate;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link FollowUpResult} with the {@code followup-result} reply template (built in, or
 * the operators' override). A regression pings the on-call role whatever the template says.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class FollowUpReplies {
  /** The template's name: {@code templates/followup-result.reply}. */
  public static final String TEMPLATE = "followup-result";

  private final ReplyTemplate template;

  /**
   * @throws TemplateException naming the file and line when the template is unusable
   */
  public FollowUpReplies(Templates templates) {
    this.template = templates.loadReply(TEMPLATE, FollowUpResult.sample().model(), Set.of());
  }

  /** The reply for {@code result}. */
  public Reply render(FollowUpResult result) {
    Reply reply = template.render(result.model(), Map.of());
    boolean ping = result.verdict() == Comparison.Verdict.REGRESSION;
    return reply.toBuilder().pingOnCall(ping).build();
  }
}
