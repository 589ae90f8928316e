package dev.incidentbot.template;

import dev.incidentbot.template.ReplyTemplate.Kind;
import dev.incidentbot.template.ReplyTemplate.Part;
import dev.incidentbot.template.ReplyTemplate.Piece;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the structured form of {@link ReplyTemplate}: directive lines at the left margin ({@code
 * title:}, {@code field:} …), each optionally followed by a block indented by two spaces. Every
 * problem is reported with the file and line.
 */
final class ReplyTemplateParser {
  private static final String INDENT = "  ";
  private static final Set<Kind> ONCE = EnumSet.of(Kind.TITLE, Kind.SEVERITY);
  private static final Set<String> SEVERITIES = Set.of("ok", "info", "warn", "critical");

  private final Templates templates;
  private final String file;
  private final List<String> lines;
  private final Map<String, ?> sample;
  private final Set<String> known;
  private final Set<String> buttons;
  private final List<Part> parts = new ArrayList<>();
  private final Set<Kind> seen = EnumSet.noneOf(Kind.class);
  private final Set<String> shownButtons = new TreeSet<>();

  private ReplyTemplateParser(
      Templates templates, String file, String text, Map<String, ?> sample, Set<String> buttons) {
    this.templates = templates;
    this.file = file;
    this.lines = text.lines().toList();
    this.sample = sample;
    this.known = Templates.names(sample);
    this.buttons = new TreeSet<>(buttons);
  }

  static ReplyTemplate parse(
      Templates templates,
      String name,
      String file,
      String text,
      Map<String, ?> sample,
      Set<String> buttons) {
    var parser = new ReplyTemplateParser(templates, file, text, sample, buttons);
    parser.parseAll();
    return new ReplyTemplate(name, file, parser.parts);
  }

  private void parseAll() {
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        i++;
        continue;
      }
      if (line.startsWith(" ") || line.startsWith("\t")) {
        throw problem(i + 1, "an indented line belongs under title:, text:, field:, code: …");
      }
      int end = blockEnd(i + 1);
      parts.add(part(i + 1, line, block(i + 1, end)));
      i = end;
    }
    if (!seen.contains(Kind.TITLE) && !seen.contains(Kind.TEXT)) {
      throw problem(0, "a reply needs a title: or a text: part");
    }
  }

  /** The index after the last line of the block that starts at {@code from}. */
  private int blockEnd(int from) {
    int end = from;
    for (int j = from; j < lines.size(); j++) {
      String l = lines.get(j);
      if (l.startsWith(INDENT)) {
        end = j + 1;
      } else if (!l.isBlank()) {
        break;
      }
    }
    return end;
  }

  private String block(int from, int end) {
    var sb = new StringBuilder();
    for (int j = from; j < end; j++) {
      String l = lines.get(j);
      sb.append(l.startsWith(INDENT) ? l.substring(INDENT.length()) : "").append('\n');
    }
    return sb.toString();
  }

  private Part part(int lineNo, String line, String block) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw problem(
          lineNo, "expected 'title:', 'severity:', 'text:', 'field:', 'code:' or 'button NAME:'");
    }
    List<String> words = List.of(line.substring(0, colon).trim().split("\\s+"));
    String rest = line.substring(colon + 1).strip();
    Directive d = directive(lineNo, words);
    if (ONCE.contains(d.kind) && !seen.add(d.kind)) {
      throw problem(lineNo, d.kind.name().toLowerCase() + ": appears twice");
    }
    seen.add(d.kind);
    Set<String> names = d.each == null ? known : withElementNames(lineNo, d.each);
    boolean hasBlock = !block.isBlank();
    return switch (d.kind) {
      case TITLE, SEVERITY, BUTTON -> {
        if (hasBlock) {
          throw problem(lineNo + 1, words.get(0) + ": takes one line, not an indented block");
        }
        if (rest.isEmpty() && d.kind != Kind.BUTTON) {
          throw problem(lineNo, words.get(0) + ": is empty");
        }
        if (d.kind == Kind.SEVERITY && !rest.contains("{{") && !SEVERITIES.contains(rest)) {
          throw problem(lineNo, "severity '" + rest + "' is not one of ok, info, warn, critical");
        }
        yield new Part(d.kind, d.arg, false, d.each, piece(lineNo, rest, names), null);
      }
      case TEXT, CODE -> {
        String body = hasBlock ? block : rest;
        if (body.isBlank()) {
          throw problem(
              lineNo, words.get(0) + ": has nothing under it (indent its lines by two spaces)");
        }
        yield new Part(
            d.kind, d.arg, false, d.each, null, piece(hasBlock ? lineNo + 1 : lineNo, body, names));
      }
      case FIELD -> {
        if (rest.isEmpty()) {
          throw problem(lineNo, "field: needs a name after the colon");
        }
        if (!hasBlock) {
          throw problem(
              lineNo, "field '" + rest + "' has no value (indent its lines by two spaces)");
        }
        yield new Part(
            d.kind,
            "",
            d.inline,
            d.each,
            piece(lineNo, rest, names),
            piece(lineNo + 1, block, names));
      }
    };
  }

  private record Directive(Kind kind, String arg, boolean inline, String each) {}

  /** Reads {@code [inline] KIND [ARG] [for LIST]}. */
  private Directive directive(int lineNo, List<String> words) {
    var w = new ArrayList<>(words);
    boolean inline = w.get(0).equals("inline");
    if (inline) {
      w.remove(0);
    }
    String each = null;
    if (w.size() >= 3 && w.get(w.size() - 2).equals("for")) {
      each = w.remove(w.size() - 1);
      w.remove(w.size() - 1);
    }
    if (w.isEmpty()) {
      throw problem(lineNo, "expected a part name before the colon");
    }
    Kind kind = kind(lineNo, w.get(0));
    String arg = w.size() > 1 ? w.get(1) : "";
    if (w.size() > 2 || (inline && kind != Kind.FIELD)) {
      throw problem(lineNo, "cannot read '" + String.join(" ", words) + ":'");
    }
    if (kind == Kind.BUTTON && !buttons.contains(arg)) {
      throw problem(
          lineNo,
          "unknown button '" + arg + "'; the buttons here are " + String.join(", ", buttons));
    }
    if (kind != Kind.BUTTON && kind != Kind.CODE && !arg.isEmpty()) {
      throw problem(lineNo, "cannot read '" + String.join(" ", words) + ":'");
    }
    if (kind == Kind.BUTTON && !shownButtons.add(arg)) {
      throw problem(lineNo, "button '" + arg + "' appears twice");
    }
    return new Directive(kind, arg, inline, each);
  }

  private Kind kind(int lineNo, String word) {
    for (Kind k : Kind.values()) {
      if (k.name().equalsIgnoreCase(word)) {
        return k;
      }
    }
    throw problem(
        lineNo,
        "unknown part '" + word + "'; the parts are title, severity, text, field, code, button");
  }

  /** The names usable inside a {@code for LIST} part: the model's and the list elements'. */
  private Set<String> withElementNames(int lineNo, String list) {
    if (!known.contains(list) || !(sample.get(list) instanceof Iterable<?> items)) {
      throw problem(
          lineNo, "unknown list '" + list + "'; the names here are " + String.join(", ", known));
    }
    var names = new TreeSet<>(known);
    for (Object item : items) {
      if (item instanceof Map<?, ?> m) {
        m.keySet().forEach(k -> names.add(String.valueOf(k)));
      }
    }
    return names;
  }

  private Piece piece(int firstLine, String text, Set<String> names) {
    return new Piece(templates.compile(file, firstLine, text, names), firstLine);
  }

  private TemplateException problem(int line, String message) {
    return new TemplateException(file, line, message);
  }
}
