package dev.incidentbot.bot.console;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.CodeBlock;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Form;
import dev.incidentbot.chat.FormField;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.util.List;
import java.util.Set;

/** Renders a {@link Reply} as terminal text; buttons are numbered by the caller. */
final class TextRenderer {
  private TextRenderer() {}

  /**
   * The reply as text.
   *
   * @param numbers the console number of each of the reply's buttons, in order
   * @param attachmentNotes one line per attachment saying where it was saved
   */
  static String render(Reply reply, List<Integer> numbers, List<String> attachmentNotes) {
    var sb = new StringBuilder();
    String title = reply.title();
    // a reply without a title (an error, a short answer) is its text, marked by its severity
    if (!title.isEmpty()) {
      sb.append("── ").append(title);
      if (reply.severity() != Severity.INFO) {
        sb.append(" [").append(reply.severity()).append(']');
      }
      sb.append('\n');
    }
    if (reply.pingOnCall()) {
      sb.append("@on-call\n");
    }
    if (!reply.mentions().isEmpty()) {
      sb.append(String.join(" ", reply.mentions().stream().map(id -> "@" + id).toList()));
      sb.append('\n');
    }
    if (!reply.text().isEmpty()) {
      sb.append(title.isEmpty() ? marker(reply.severity()) : "").append(reply.text()).append('\n');
    }
    // code blocks before fields, as Discord shows them (they are part of the embed's description)
    for (CodeBlock c : reply.codeBlocks()) {
      TerminalText.safe(c.content())
          .lines()
          .forEach(line -> sb.append("  ").append(line).append('\n'));
    }
    for (Field f : reply.fields()) {
      sb.append(f.name()).append(":\n");
      // controls made visible before splitting, so a CR inside a key name is shown, not a line end
      TerminalText.safe(f.value())
          .lines()
          .forEach(line -> sb.append("  ").append(line).append('\n'));
    }
    for (int i = 0; i < reply.attachments().size(); i++) {
      Attachment a = reply.attachments().get(i);
      sb.append("📎 ")
          .append(a.fileName())
          .append(" — ")
          .append(attachmentNotes.get(i))
          .append('\n');
    }
    if (!reply.buttons().isEmpty()) {
      var row = new StringBuilder();
      for (int i = 0; i < reply.buttons().size(); i++) {
        row.append(i == 0 ? "" : "  ")
            .append('[')
            .append(numbers.get(i))
            .append("] ")
            .append(reply.buttons().get(i).label());
      }
      sb.append(row).append("   (").append(plan(reply.buttons())).append("type press N)\n");
    }
    if (reply.form() != null) {
      form(sb, reply.form());
    }
    return sb.toString();
  }

  /** Commands behind a recovery plan's buttons, whose {@code id} option is the plan's id. */
  private static final Set<String> PLAN_COMMANDS = Set.of("confirm", "cancel", "stop-action");

  /**
   * "plan 3f9a1c; " when the buttons act on one recovery plan (its id's first letters), so that
   * whoever presses can check which plan a number belongs to; otherwise empty.
   */
  static String plan(List<Button> buttons) {
    var ids =
        buttons.stream()
            .map(
                b ->
                    PLAN_COMMANDS.contains(b.action().command())
                        ? b.action().options().get("id")
                        : null)
            .distinct()
            .toList();
    if (ids.size() != 1 || ids.get(0) == null) {
      return "";
    }
    String id = ids.get(0);
    return "plan " + id.substring(0, Math.min(6, id.length())) + "; ";
  }

  /** What marks a title-less reply's text: nothing for plain information. */
  static String marker(Severity severity) {
    return switch (severity) {
      case INFO -> "";
      case OK -> "✔ ";
      case WARN -> "⚠ ";
      case CRITICAL -> "✖ ";
    };
  }

  /**
   * A form as a usage hint: each field with its current value, then the command line that submits
   * it. The console has no multi-line input, so lines are shown and typed separated by {@code |}.
   */
  static void form(StringBuilder sb, Form form) {
    sb.append("📝 ").append(form.title()).append('\n');
    for (FormField f : form.fields()) {
      sb.append("  ").append(f.option()).append(" — ").append(f.label());
      if (!f.choices().isEmpty()) {
        sb.append(" (").append(String.join(", ", f.choices())).append(')');
      }
      String value = String.join(" | ", f.value().lines().toList());
      sb.append(": ").append(value.isEmpty() ? "(empty)" : value).append('\n');
    }
    var usage = new StringBuilder("/").append(form.submitTo());
    form.fixedOptions().forEach((k, v) -> usage.append(' ').append(k).append(':').append(v));
    for (FormField f : form.fields()) {
      usage.append(" [").append(f.option()).append(":…]");
    }
    sb.append("Submit with: ")
        .append(usage)
        .append("\n  (give the fields you change; separate lines with |)\n");
  }
}
