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
 * @param pingOnCall mention the configured on-call role
 * @param mentions platform ids of people to mention (such as an incident's commander); adapters
 *     allow exactly these mentions and no others. Never filled from text a user typed
 * @param form a form to show the person who asked, or null; see {@link Form} for the fallback
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
    boolean pingOnCall,
    List<String> mentions,
    Form form) {

  public Reply {
    title = title == null ? "" : title;
    text = text == null ? "" : text;
    Objects.requireNonNull(severity, "severity");
    fields = List.copyOf(fields);
    codeBlocks = List.copyOf(codeBlocks);
    buttons = List.copyOf(buttons);
    attachments = List.copyOf(attachments);
    mentions = List.copyOf(mentions);
    for (String id : mentions) {
      if (!UserRef.isPlainId(id)) {
        throw new IllegalArgumentException("not a user id to mention: '" + id + "'");
      }
    }
  }

  /** A reply without mentions of people or a form. */
  public Reply(
      String title,
      String text,
      Severity severity,
      List<Field> fields,
      List<CodeBlock> codeBlocks,
      List<Button> buttons,
      List<Attachment> attachments,
      boolean ephemeral,
      boolean pingOnCall) {
    this(
        title,
        text,
        severity,
        fields,
        codeBlocks,
        buttons,
        attachments,
        ephemeral,
        pingOnCall,
        List.of(),
        null);
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
    b.mentions.addAll(mentions);
    b.form = form;
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
    private final List<String> mentions = new ArrayList<>();
    private Form form;

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

    /** Mentions the person with platform id {@code userId}; see {@link Reply#mentions()}. */
    public Builder mention(String userId) {
      mentions.add(userId);
      return this;
    }

    public Builder form(Form value) {
      this.form = value;
      return this;
    }

    public Reply build() {
      return new Reply(
          title,
          text,
          severity,
          fields,
          codeBlocks,
          buttons,
          attachments,
          ephemeral,
          pingOnCall,
          mentions,
          form);
    }
  }
}
