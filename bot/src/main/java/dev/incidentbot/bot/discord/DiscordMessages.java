package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Turns laid-out {@link MessagePart}s into JDA messages. Every message it builds allows no mentions
 * at all, except the on-call role and the people a part names explicitly ({@code Reply#mentions()},
 * never typed text). Buttons are stored in the {@link ComponentStore} and carry {@code btn:<id>} as
 * their custom id.
 *
 * <p>Stores buttons in the database: call it on a worker thread, never on JDA's event thread.
 */
final class DiscordMessages {
  /** The custom id prefix of buttons backed by the component store. */
  static final String BUTTON_PREFIX = "btn:";

  /** How long a button in Discord can be pressed. */
  static final Duration BUTTON_LIFESPAN = Duration.ofHours(24);

  private final ComponentStore components;

  DiscordMessages(ComponentStore components) {
    this.components = components;
  }

  MessageCreateData create(MessagePart part) {
    var builder =
        new MessageCreateBuilder()
            .setContent(part.content())
            .setEmbeds(embeds(part))
            .setComponents(rows(part))
            .setFiles(files(part));
    builder.setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).mentionRepliedUser(false);
    if (part.mentionRoleId() != null) {
      builder.mentionRoles(part.mentionRoleId());
    }
    if (!part.mentionUserIds().isEmpty()) {
      builder.mentionUsers(part.mentionUserIds());
    }
    return builder.build();
  }

  /**
   * An edit that replaces a whole message (content, embeds, buttons, files) with {@code created},
   * under the same mention rules; the buttons are those already stored for {@code created}.
   */
  MessageEditData edit(MessageCreateData created) {
    var builder =
        new MessageEditBuilder()
            .setReplace(true)
            .setContent(created.getContent())
            .setEmbeds(created.getEmbeds())
            .setComponents(created.getComponents())
            .setFiles(created.getFiles());
    builder.setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).mentionRepliedUser(false);
    if (!created.getMentionedRoles().isEmpty()) {
      builder.mentionRoles(created.getMentionedRoles());
    }
    if (!created.getMentionedUsers().isEmpty()) {
      builder.mentionUsers(created.getMentionedUsers());
    }
    return builder.build();
  }

  private static List<MessageEmbed> embeds(MessagePart part) {
    var embeds = new ArrayList<MessageEmbed>();
    for (EmbedPart e : part.embeds()) {
      var embed = new EmbedBuilder().setColor(e.color()).setDescription(e.description());
      if (!e.title().isEmpty()) {
        embed.setTitle(e.title());
      }
      for (Field f : e.fields()) {
        embed.addField(f.name(), f.value(), f.inline());
      }
      embeds.add(embed.build());
    }
    return embeds;
  }

  private List<ActionRow> rows(MessagePart part) {
    var rows = new ArrayList<ActionRow>();
    var row = new ArrayList<Button>();
    for (dev.incidentbot.chat.Button b : part.buttons()) {
      String id = BUTTON_PREFIX + components.save(b.action(), BUTTON_LIFESPAN);
      String label = TextChunks.cut(b.label(), DiscordLimits.BUTTON_LABEL);
      row.add(
          switch (b.style()) {
            case PRIMARY -> Button.primary(id, label);
            case SECONDARY -> Button.secondary(id, label);
            case SUCCESS -> Button.success(id, label);
            case DANGER -> Button.danger(id, label);
          });
      if (row.size() == DiscordLimits.BUTTONS_PER_ROW) {
        rows.add(ActionRow.of(row));
        row = new ArrayList<>();
      }
    }
    if (!row.isEmpty()) {
      rows.add(ActionRow.of(row));
    }
    return rows;
  }

  private static List<FileUpload> files(MessagePart part) {
    var files = new ArrayList<FileUpload>();
    for (Attachment a : part.files()) {
      files.add(FileUpload.fromData(a.content(), a.fileName()));
    }
    return files;
  }
}
