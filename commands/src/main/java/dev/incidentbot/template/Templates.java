package dev.incidentbot.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads templates by name: {@code <name>.mustache} (text) or {@code <name>.reply} (a structured
 * reply, {@link ReplyTemplate}) from the operators' override directory when it has one, else the
 * built-in {@code templates/<file>} on the class path. Each template is checked as it is loaded: it
 * must compile, use only names its data provides, use no partials, and render a sample without
 * error. Load every template when the bot starts.
 *
 * <p>Thread-safe; loading is meant for start-up, rendering ({@link Template}) for any thread.
 */
public final class Templates {
  private static final Logger log = LoggerFactory.getLogger(Templates.class);

  private final Path overrideDir;
  private final ClassLoader classLoader;

  /**
   * @param overrideDir the operators' directory, or null for built-in templates only
   */
  public Templates(Path overrideDir) {
    this(overrideDir, Templates.class.getClassLoader());
  }

  Templates(Path overrideDir, ClassLoader classLoader) {
    this.overrideDir = overrideDir;
    this.classLoader = classLoader;
  }

  /**
   * Loads and checks template {@code name}.
   *
   * @param sample a model with every name the template may use and realistic values; lists hold at
   *     least one element so that names inside sections can be checked
   * @throws TemplateException naming the file and line of the first problem
   */
  public Template load(String name, Map<String, ?> sample) {
    Source source = read(name + ".mustache");
    Mustache mustache = compile(source.file, 1, source.text, names(sample));
    var template = new Template(name, source.file, mustache);
    template.render(sample);
    logOverride(name, source);
    return template;
  }

  /**
   * Loads and checks the structured reply template {@code name} ({@code <name>.reply}, see {@link
   * ReplyTemplate} for the form).
   *
   * @param sample as for {@link #load}; names used inside a {@code for} part may come from the
   *     list's elements
   * @param buttons the names of the buttons the code can offer; the template may show any of them
   * @throws TemplateException naming the file and line of the first problem
   */
  public ReplyTemplate loadReply(String name, Map<String, ?> sample, Set<String> buttons) {
    Source source = read(name + ReplyTemplate.EXTENSION);
    var template = ReplyTemplateParser.parse(this, name, source.file, source.text, sample, buttons);
    template.checkSample(sample);
    logOverride(name, source);
    return template;
  }

  /**
   * Refuses {@code fileName} in the operators' directory: a template older versions read and this
   * one no longer does, so that an operator's wording is not silently dropped.
   *
   * @param instead what to write instead, and where
   * @throws TemplateException naming the file, when the operators' directory has it
   */
  public void refuseRetired(String fileName, String instead) {
    if (overrideDir == null) {
      return;
    }
    Path file = overrideDir.resolve(fileName);
    if (Files.exists(file)) {
      throw new TemplateException(file.toString(), 0, "no longer read: " + instead);
    }
  }

  private void logOverride(String name, Source source) {
    if (source.overridden) {
      log.info("template {} overridden by {}", name, source.file);
    }
  }

  /** Every name {@code sample} provides, at any depth. */
  static Set<String> names(Map<String, ?> sample) {
    Set<String> known = new TreeSet<>();
    collectNames(sample, known);
    return known;
  }

  /**
   * Compiles one piece of a template file that starts on line {@code firstLine}, checking that it
   * uses only {@code known} names.
   */
  Mustache compile(String file, int firstLine, String text, Set<String> known) {
    var tags = new ArrayList<Tag>();
    Mustache mustache;
    try {
      mustache = new CheckingFactory(tags).compile(new StringReader(text), file);
    } catch (MustacheException e) {
      TemplateContext tc = e.getContext();
      throw new TemplateException(file, tc == null ? 0 : tc.line() + firstLine - 1, describe(e));
    }
    for (Tag tag : tags) {
      if (tag.name.equals(".")) {
        continue;
      }
      String first = tag.name.split("\\.", 2)[0];
      if (!known.contains(first)) {
        throw new TemplateException(
            file,
            tag.line + firstLine - 1,
            "unknown name '" + tag.name + "'; the names here are " + String.join(", ", known));
      }
    }
    return mustache;
  }

  private Source read(String fileName) {
    if (overrideDir != null) {
      Path file = overrideDir.resolve(fileName);
      if (Files.isRegularFile(file)) {
        try {
          return new Source(file.toString(), Files.readString(file), true);
        } catch (IOException e) {
          throw new TemplateException(file.toString(), 0, "cannot read it (" + e + ")");
        }
      }
    }
    String resource = "templates/" + fileName;
    try (InputStream in = classLoader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new TemplateException(resource, 0, "no such built-in template");
      }
      return new Source(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      throw new TemplateException(resource, 0, "cannot read it (" + e + ")");
    }
  }

  private static String describe(MustacheException e) {
    String m = Template.rootMessage(e);
    // the parser's messages end with "in <file>:<line>", which the exception already says
    int in = m.lastIndexOf(" in ");
    return in > 0 && m.indexOf(':', in) > 0 ? m.substring(0, in) : m;
  }

  private static void collectNames(Object value, Set<String> into) {
    if (value instanceof Map<?, ?> map) {
      for (var e : map.entrySet()) {
        into.add(String.valueOf(e.getKey()));
        collectNames(e.getValue(), into);
      }
    } else if (value instanceof Iterable<?> list) {
      for (Object item : list) {
        collectNames(item, into);
      }
    }
  }

  private record Source(String file, String text, boolean overridden) {}

  private record Tag(String name, int line) {}

  /** Writes values unescaped and records every name a template uses, with its line. */
  private static final class CheckingFactory extends DefaultMustacheFactory {
    private final List<Tag> tags;

    CheckingFactory(List<Tag> tags) {
      this.tags = tags;
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new MustacheException("cannot write", e);
      }
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
      return new DefaultMustacheVisitor(this) {
        @Override
        public void value(TemplateContext tc, String variable, boolean encoded) {
          tags.add(new Tag(variable, tc.line()));
          super.value(tc, variable, encoded);
        }

        @Override
        public void iterable(TemplateContext tc, String variable, Mustache mustache) {
          tags.add(new Tag(variable, tc.line()));
          super.iterable(tc, variable, mustache);
        }

        @Override
        public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
          tags.add(new Tag(variable, tc.line()));
          super.notIterable(tc, variable, mustache);
        }

        @Override
        public void partial(TemplateContext tc, String variable, String indent) {
          throw new MustacheException("partials ({{> " + variable + "}}) are not supported", tc);
        }

        @Override
        public void extend(TemplateContext tc, String variable, Mustache mustache) {
          throw new MustacheException("template inheritance is not supported", tc);
        }
      };
    }
  }
}
