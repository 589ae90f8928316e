package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.CodeBlock;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays a {@link Reply} out as Discord messages that always fit {@link DiscordLimits}: one embed
 * (title, text and code blocks as the description, fields, colour by severity) when it fits;
 * otherwise the overflow continues in further embeds and messages; and when that would take more
 * than {@value #MAX_MESSAGES} messages, the whole reply is attached as a Markdown file under a
 * preview. Nothing of the reply is dropped. Title, text, field names and values are escaped by
 * {@link DiscordMarkdown} before anything is measured, so they read as they are and the limits hold
 * with the added backslashes; code blocks keep their content as it is (only a {@code ```} inside is
 * broken up), and so does the attached file. A form becomes a button that opens it (the adapter
 * opens the form itself as a modal when it can answer with one; this is the fallback, for deferred
 * answers and posts). Pure: no JDA, no I/O; thread-safe.
 */
final class ReplyLayout {
  /** Above this many messages, a reply is attached as a file instead of flooding the channel. */
  static final int MAX_MESSAGES = 3;

  static final int PREVIEW = 1500;

  static final int OK_GREEN = 0x2ECC71;
  static final int INFO_BLUE = 0x5865F2;
  static final int WARN_AMBER = 0xF1C40F;
  static final int CRITICAL_RED = 0xE74C3C;

  private static final String EMPTY = "\u200b";

  /** Starts the label of the button that opens a reply's form. */
  static final String FORM_BUTTON = "📝 ";

  private final String onCallRoleId;

  /**
   * @param onCallRoleId the role mentioned when a reply asks for on-call, or null when none is
   *     configured (then nothing is mentioned)
   */
  ReplyLayout(String onCallRoleId) {
    this.onCallRoleId = onCallRoleId;
  }

  List<MessagePart> layout(Reply reply) {
    String title = DiscordMarkdown.escape(reply.title());
    String body = description(reply);
    if (title.length() > DiscordLimits.EMBED_TITLE) {
      body = title + (body.isEmpty() ? "" : "\n" + body);
      title = TextChunks.cut(title, DiscordLimits.EMBED_TITLE);
    }
    int color = color(reply.severity());
    List<List<EmbedPart>> messages = pack(embeds(title, body, fields(reply.fields()), color));
    var files = new ArrayList<Attachment>();
    if (messages.size() > MAX_MESSAGES) {
      Attachment whole = Attachment.text(fileName(reply.title()), markdown(reply));
      files.add(whole);
      String preview =
          TextChunks.split(body, PREVIEW).get(0)
              + "\n\n… the whole reply is in the attached file "
              + whole.fileName()
              + ".";
      messages = List.of(List.of(new EmbedPart(title, preview, color, List.of())));
    }
    files.addAll(reply.attachments());
    return parts(messages, buttons(reply), files, reply.pingOnCall(), reply.mentions());
  }

  private List<MessagePart> parts(
      List<List<EmbedPart>> messages,
      List<Button> buttons,
      List<Attachment> files,
      boolean ping,
      List<String> people) {
    int buttonsPerMessage = DiscordLimits.ACTION_ROWS * DiscordLimits.BUTTONS_PER_ROW;
    int count =
        Math.max(
            messages.size(),
            Math.max(
                chunks(buttons.size(), buttonsPerMessage),
                chunks(files.size(), DiscordLimits.FILES_PER_MESSAGE)));
    var parts = new ArrayList<MessagePart>();
    for (int i = 0; i < count; i++) {
      boolean role = i == 0 && ping && onCallRoleId != null;
      List<String> users = i == 0 ? people : List.of();
      var content = new ArrayList<String>();
      if (role) {
        content.add("<@&" + onCallRoleId + ">");
      }
      users.forEach(id -> content.add("<@" + id + ">"));
      parts.add(
          new MessagePart(
              String.join(" ", content),
              i < messages.size() ? messages.get(i) : List.of(),
              slice(buttons, i, buttonsPerMessage),
              slice(files, i, DiscordLimits.FILES_PER_MESSAGE),
              role ? onCallRoleId : null,
              users));
    }
    return parts;
  }

  /**
   * The buttons of a reply: a form's "open" button first (a press is a new interaction, which can
   * open the form as a modal), then the reply's own.
   */
  static List<Button> buttons(Reply reply) {
    if (reply.form() == null) {
      return reply.buttons();
    }
    var buttons = new ArrayList<Button>();
    buttons.add(
        new Button(
            TextChunks.cut(FORM_BUTTON + reply.form().title(), DiscordLimits.BUTTON_LABEL),
            Button.Style.PRIMARY,
            reply.form().reopen()));
    buttons.addAll(reply.buttons());
    return buttons;
  }

  /** The text, Markdown escaped, then each code block fenced (its content as it is). */
  static String description(Reply reply) {
    var sb = new StringBuilder(DiscordMarkdown.escape(reply.text()));
    for (CodeBlock block : reply.codeBlocks()) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append("```")
          .append(block.language())
          .append('\n')
          .append(DiscordMarkdown.inCodeBlock(block.content()))
          .append("\n```");
    }
    return sb.toString();
  }

  /**
   * Fields, Markdown escaped, within the name and value limits; a long value continues in "(cont.)"
   * fields.
   */
  private static List<Field> fields(List<Field> given) {
    var out = new ArrayList<Field>();
    for (Field f : given) {
      String name = f.name().isBlank() ? EMPTY : DiscordMarkdown.escape(f.name());
      String value = DiscordMarkdown.escape(f.value());
      if (name.length() > DiscordLimits.FIELD_NAME) {
        value = name + "\n" + value;
        name = TextChunks.cut(name, DiscordLimits.FIELD_NAME);
      }
      List<String> chunks =
          TextChunks.split(value.isBlank() ? EMPTY : value, DiscordLimits.FIELD_VALUE);
      for (int i = 0; i < chunks.size(); i++) {
        String chunkName =
            i == 0 ? name : TextChunks.cut(name + " (cont.)", DiscordLimits.FIELD_NAME);
        out.add(new Field(chunkName, chunks.get(i), f.inline()));
      }
    }
    return out;
  }

  /** The title and description chunks, then the fields on as few embeds as fit. */
  private static List<EmbedPart> embeds(String title, String body, List<Field> fields, int color) {
    var embeds = new ArrayList<EmbedPart>();
    List<String> chunks = TextChunks.split(body, DiscordLimits.EMBED_DESCRIPTION);
    for (int i = 0; i < chunks.size(); i++) {
      embeds.add(new EmbedPart(i == 0 ? title : "", chunks.get(i), color, List.of()));
    }
    for (Field field : fields) {
      EmbedPart last = embeds.get(embeds.size() - 1);
      int size = field.name().length() + field.value().length();
      if (last.fields().size() < DiscordLimits.EMBED_FIELDS
          && last.length() + size <= DiscordLimits.EMBED_TOTAL) {
        var with = new ArrayList<>(last.fields());
        with.add(field);
        embeds.set(embeds.size() - 1, new EmbedPart(last.title(), last.description(), color, with));
      } else {
        embeds.add(new EmbedPart("", "", color, List.of(field)));
      }
    }
    EmbedPart first = embeds.get(0);
    if (first.title().isEmpty() && first.description().isEmpty() && first.fields().isEmpty()) {
      embeds.set(0, new EmbedPart("", EMPTY, color, List.of()));
    }
    return embeds;
  }

  /** Consecutive embeds grouped into messages of at most 10 embeds and 6,000 characters. */
  private static List<List<EmbedPart>> pack(List<EmbedPart> embeds) {
    var messages = new ArrayList<List<EmbedPart>>();
    var current = new ArrayList<EmbedPart>();
    int length = 0;
    for (EmbedPart embed : embeds) {
      if (!current.isEmpty()
          && (current.size() == DiscordLimits.EMBEDS_PER_MESSAGE
              || length + embed.length() > DiscordLimits.EMBED_TOTAL)) {
        messages.add(current);
        current = new ArrayList<>();
        length = 0;
      }
      current.add(embed);
      length += embed.length();
    }
    messages.add(current);
    return messages;
  }

  /** The whole reply as Markdown, for the attached file. */
  static String markdown(Reply reply) {
    var sb = new StringBuilder();
    if (!reply.title().isEmpty()) {
      sb.append("# ").append(reply.title()).append("\n\n");
    }
    if (!reply.text().isEmpty()) {
      sb.append(reply.text()).append("\n\n");
    }
    for (Field f : reply.fields()) {
      sb.append("## ").append(f.name()).append("\n\n").append(f.value()).append("\n\n");
    }
    for (CodeBlock block : reply.codeBlocks()) {
      String fence = DiscordMarkdown.fenceFor(block.content());
      sb.append(fence).append(block.language()).append('\n').append(block.content());
      sb.append('\n').append(fence).append("\n\n");
    }
    return sb.toString().strip() + "\n";
  }

  static String fileName(String title) {
    String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    slug = slug.length() > 40 ? slug.substring(0, 40).replaceAll("-+$", "") : slug;
    return (slug.isEmpty() ? "reply" : slug) + ".md";
  }

  static int color(Severity severity) {
    return switch (severity) {
      case OK -> OK_GREEN;
      case INFO -> INFO_BLUE;
      case WARN -> WARN_AMBER;
      case CRITICAL -> CRITICAL_RED;
    };
  }

  private static int chunks(int size, int per) {
    return (size + per - 1) / per;
  }

  private static <T> List<T> slice(List<T> list, int index, int per) {
    int from = index * per;
    return from >= list.size() ? List.of() : list.subList(from, Math.min(list.size(), from + per));
  }
}
