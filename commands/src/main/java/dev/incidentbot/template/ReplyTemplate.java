package dev.incidentbot.template;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A checked template for one family of chat replies, in a structured form ({@code <name>.reply}):
 * each part of the reply is its own Mustache template, so rendered values never become structure.
 *
 * <pre>
 * # a comment
 * title: Follow-up {{label}} of {{target}}: holding ✔
 * severity: {{severity}}            (ok, info, warn or critical, after rendering)
 * text:
 *   lines indented by two spaces
 * field: Regressions                (inline field: … lays it out beside its neighbours)
 *   the value, indented
 * field for items: {{name}}         (one field per element of the list items)
 *   {{value}}
 * code:                             (code LANGUAGE: for a highlighted block)
 *   preformatted lines
 * button snooze: Snooze {{snooze}}  (a button the code offers under that name)
 * </pre>
 *
 * A part that renders blank is left out: a Mustache section around a field's value or a button's
 * label decides whether it is shown. No rendered part ends a line with whitespace.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReplyTemplate {
  /** The file name extension of structured reply templates. */
  public static final String EXTENSION = ".reply";

  /** What a part of the template fills. */
  enum Kind {
    TITLE,
    SEVERITY,
    TEXT,
    FIELD,
    CODE,
    BUTTON
  }

  /** A piece of Mustache and the line of the file it starts on. */
  record Piece(Mustache mustache, int firstLine) {}

  /**
   * One part.
   *
   * @param arg the button's name, the code block's language or empty
   * @param each the list the part repeats for, or null
   * @param head the one-line piece (title, severity, field name, button label), or null
   * @param body the indented block (text, field value, code), or null
   */
  record Part(Kind kind, String arg, boolean inline, String each, Piece head, Piece body) {}

  private final String name;
  private final String file;
  private final List<Part> parts;

  ReplyTemplate(String name, String file, List<Part> parts) {
    this.name = name;
    this.file = file;
    this.parts = List.copyOf(parts);
  }

  /** The template's name ({@code followup-result}). */
  public String name() {
    return name;
  }

  /** Where it was read from, for messages. */
  public String file() {
    return file;
  }

  /**
   * Renders {@code model} into a reply; the code adds what is not wording (mentions, pings,
   * attachments) with {@link Reply#toBuilder()}.
   *
   * @param buttons what each button the code offers here does; a button the template names but the
   *     code does not offer this time is left out
   * @throws TemplateException when rendering fails (naming the file and line)
   */
  public Reply render(Map<String, ?> model, Map<String, ButtonAction> buttons) {
    String title = "";
    Severity severity = Severity.INFO;
    for (Part p : parts) {
      if (p.kind() == Kind.TITLE) {
        title = render(p.head(), List.of(model)).strip();
      } else if (p.kind() == Kind.SEVERITY) {
        severity = severity(render(p.head(), List.of(model)).strip(), p.head().firstLine());
      }
    }
    var reply = Reply.builder(title).severity(severity);
    for (Part p : parts) {
      for (List<Object> scopes : scopes(p, model)) {
        add(reply, p, scopes, buttons);
      }
    }
    return reply.build();
  }

  /** Renders the sample with every button offered: the start-up check that it renders at all. */
  void checkSample(Map<String, ?> sample) {
    render(sample, Map.of());
  }

  private void add(
      Reply.Builder reply, Part p, List<Object> scopes, Map<String, ButtonAction> buttons) {
    switch (p.kind()) {
      case TEXT -> {
        String text = render(p.body(), scopes);
        if (!text.isBlank()) {
          reply.line(text);
        }
      }
      case FIELD -> {
        String fieldName = render(p.head(), scopes).strip();
        String value = render(p.body(), scopes);
        if (!value.isBlank()) {
          if (p.inline()) {
            reply.inlineField(fieldName, value);
          } else {
            reply.field(fieldName, value);
          }
        }
      }
      case CODE -> {
        String code = render(p.body(), scopes);
        if (!code.isBlank()) {
          reply.code(p.arg(), code);
        }
      }
      case BUTTON -> {
        String label = render(p.head(), scopes).strip();
        ButtonAction action = buttons.get(p.arg());
        if (!label.isEmpty() && action != null) {
          reply.button(label, action.style(), action.action());
        }
      }
      default -> {}
    }
  }

  private static List<List<Object>> scopes(Part p, Map<String, ?> model) {
    if (p.each() == null) {
      return List.of(List.of(model));
    }
    var out = new ArrayList<List<Object>>();
    if (model.get(p.each()) instanceof Iterable<?> items) {
      for (Object item : items) {
        out.add(List.of(model, item));
      }
    }
    return out;
  }

  private String render(Piece piece, List<Object> scopes) {
    var out = new StringWriter();
    try {
      piece.mustache().execute(out, new ArrayList<>(scopes));
    } catch (MustacheException e) {
      var tc = e.getContext();
      int line = tc == null ? piece.firstLine() : tc.line() + piece.firstLine() - 1;
      throw new TemplateException(file, line, Template.rootMessage(e));
    }
    return withoutTrailingSpace(out.toString());
  }

  /**
   * {@code s} without whitespace at the end of any line or after the last: a section that rendered
   * nothing leaves no space behind ("Nothing has changed yet. " before an empty effect), whatever
   * the template's author put around it. Indentation is kept, and so is every other character a
   * value brings: only spaces and tabs before a line feed go, so a carriage return in a key name
   * stays a character the adapters show (^M), never a new line.
   */
  static String withoutTrailingSpace(String s) {
    return TRAILING_BLANKS.matcher(s).replaceAll("");
  }

  private static final java.util.regex.Pattern TRAILING_BLANKS =
      java.util.regex.Pattern.compile("[ \\t]+(?=\\n)|\\s+\\z");

  private Severity severity(String value, int line) {
    try {
      return Severity.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TemplateException(
          file, line, "severity '" + value + "' is not one of ok, info, warn, critical");
    }
  }
}
