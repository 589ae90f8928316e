package dev.incidentbot.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the bot says back, without any platform in it. Adapters render it: an embed in Discord, text
 * in the console. Adapters also enforce their platform's size limits, splitting or attaching long
 * content so nothing is lost.
 *
 * @param title short heading, the important number first where there is one
 * @param text free text under the title (may be empty)
 * @param severity drives the colour
 * @param fields named values, in order
 * @param codeBlocks preformatted blocks after the fields
 * @param buttons buttons under the message, in order
 * @param attachments files sent with the message
 * @param ephemeral shown only to the person who asked, where the platform can
 * @param pingOnCall mention the configured on-call role (the only mention the bot ever makes)
 */
public record Reply(
    String title,
    String text,
    Severity severity,
    List<Field> fields,
    List<CodeBlock> codeBlocks,
    List<Button> buttons,
    List<Attachment> attachments,
    boolean ephemeral,
    boolean pingOnCall) {

  public Reply {
    title = title == null ? "" : title;
    text = text == null ? "" : text;
    Objects.requireNonNull(severity, "severity");
    fields = List.copyOf(fields);
    codeBlocks = List.copyOf(codeBlocks);
    buttons = List.copyOf(buttons);
    attachments = List.copyOf(attachments);
  }

  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** A short, private error: what was wrong and what would be right. */
  public static Reply error(String message) {
    return builder("").text(message).severity(Severity.WARN).ephemeral(true).build();
  }

  /** A short plain message. */
  public static Reply text(String message) {
    return builder("").text(message).build();
  }

  public Builder toBuilder() {
    var b = new Builder(title).text(text).severity(severity).ephemeral(ephemeral);
    b.fields.addAll(fields);
    b.codeBlocks.addAll(codeBlocks);
    b.buttons.addAll(buttons);
    b.attachments.addAll(attachments);
    b.pingOnCall = pingOnCall;
    return b;
  }

  /** Builds a {@link Reply} step by step. */
  public static final class Builder {
    private final String title;
    private String text = "";
    private Severity severity = Severity.INFO;
    private final List<Field> fields = new ArrayList<>();
    private final List<CodeBlock> codeBlocks = new ArrayList<>();
    private final List<Button> buttons = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private boolean ephemeral;
    private boolean pingOnCall;

    private Builder(String title) {
      this.title = title;
    }

    public Builder text(String value) {
      this.text = value;
      return this;
    }

    public Builder line(String value) {
      this.text = text.isEmpty() ? value : text + "\n" + value;
      return this;
    }

    public Builder severity(Severity value) {
      this.severity = value;
      return this;
    }

    public Builder field(String name, String value) {
      fields.add(new Field(name, value, false));
      return this;
    }

    public Builder inlineField(String name, String value) {
      fields.add(new Field(name, value, true));
      return this;
    }

    public Builder code(String language, String content) {
      codeBlocks.add(new CodeBlock(language, content));
      return this;
    }

    public Builder button(String label, Button.Style style, Action action) {
      buttons.add(new Button(label, style, action));
      return this;
    }

    public Builder attach(Attachment attachment) {
      attachments.add(attachment);
      return this;
    }

    public Builder ephemeral(boolean value) {
      this.ephemeral = value;
      return this;
    }

    public Builder pingOnCall(boolean value) {
      this.pingOnCall = value;
      return this;
    }

    public Reply build() {
      return new Reply(
          title, text, severity, fields, codeBlocks, buttons, attachments, ephemeral, pingOnCall);
    }
  }
}
