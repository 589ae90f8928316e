package dev.incidentbot.bot.discord;

import dev.incidentbot.alert.AlertInbox;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertMessage;
import dev.incidentbot.chat.Place;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages posted in the alert channel (not its threads, never the bot's own) to alert
 * intake, which keeps those from configured senders that read as alerts. For a webhook's message
 * JDA reports the webhook's id as the author, so senders are webhook ids or bot user ids alike.
 *
 * <p>Called on JDA's event thread: it only copies the message's text and hands it to the worker
 * pool, where intake parses it and stores it in the alert inbox before handling it.
 */
final class AlertMessageListener extends ListenerAdapter {
  private static final Logger log = LoggerFactory.getLogger(AlertMessageListener.class);

  private final AlertIntake intake;
  private final String alertChannelId;
  private final Executor workers;

  AlertMessageListener(AlertIntake intake, String alertChannelId, Executor workers) {
    this.intake = intake;
    this.alertChannelId = alertChannelId;
    this.workers = workers;
  }

  @Override
  public void onMessageReceived(MessageReceivedEvent event) {
    if (!event.isFromGuild()
        || !alertChannelId.equals(event.getChannel().getId())
        || event.getAuthor().getId().equals(event.getJDA().getSelfUser().getId())) {
      return;
    }
    Message message = event.getMessage();
    var alert =
        new AlertMessage(
            Place.channel(alertChannelId),
            message.getId(),
            event.getAuthor().getId(),
            message.getContentRaw(),
            embeds(message.getEmbeds()));
    try {
      workers.execute(() -> submit(alert));
    } catch (RejectedExecutionException e) {
      log.warn("shutting down: alert message {} not taken", message.getId());
    }
  }

  private void submit(AlertMessage alert) {
    try {
      AlertIntake.Submission outcome = intake.submitMessage(alert);
      if (outcome == AlertIntake.Submission.BUSY) {
        log.error("alert intake is full: alert message {} was not taken", alert.messageId());
      }
    } catch (AlertInbox.Unavailable e) {
      log.error(
          "alert message {} was not stored, so it will not be handled: {}",
          alert.messageId(),
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("could not take alert message {}", alert.messageId(), e);
    }
  }

  private static List<AlertMessage.Embed> embeds(List<MessageEmbed> embeds) {
    return embeds.stream()
        .map(e -> new AlertMessage.Embed(e.getTitle(), e.getDescription()))
        .toList();
  }
}
