package dev.incidentbot.template;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.io.StringWriter;
import java.util.Map;

/**
 * A compiled, checked template. Values are inserted as they are (no HTML escaping): the output is
 * plain text that adapters render, and they neutralise mentions themselves.
 *
 * <p>Immutable and thread-safe.
 */
public final class Template {
  private final String name;
  private final String file;
  private final Mustache mustache;

  Template(String name, String file, Mustache mustache) {
    this.name = name;
    this.file = file;
    this.mustache = mustache;
  }

  /** The template's name ({@code status-update}). */
  public String name() {
    return name;
  }

  /** Where it was read from, for messages. */
  public String file() {
    return file;
  }

  /**
   * Renders {@code model}: maps, lists and plain values, as the template's owner documents.
   *
   * @throws TemplateException when rendering fails (naming the file and line)
   */
  public String render(Map<String, ?> model) {
    var out = new StringWriter();
    try {
      mustache.execute(out, model);
    } catch (MustacheException e) {
      var tc = e.getContext();
      throw new TemplateException(file, tc == null ? 0 : tc.line(), rootMessage(e));
    }
    return out.toString();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int at = m.indexOf(" @[");
    return at > 0 ? m.substring(0, at) : m;
  }
}
