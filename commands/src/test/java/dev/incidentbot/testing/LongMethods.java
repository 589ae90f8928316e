package dev.incidentbot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds methods (and constructors) longer than a limit in Java sources, and checks them against an
 * allowlist that gives each one a reason, which the method also says in a {@code // Long on
 * purpose:} comment in its body, where a reader sees it.
 *
 * <p>Hand-written rather than a library: what is needed is a line count per method body, which
 * neither ArchUnit (it reads class files, whose line tables skip blank lines, comments and the
 * closing brace) nor anything else on the project's classpath gives; a full Java parser is a
 * dependency for one number. The scanner blanks comments, string, text-block and char literals,
 * then matches braces: a {@code {} whose header since the previous statement ends in {@code
 * name(...)} (optionally {@code throws ...}) and is not a control statement, a lambda or an
 * anonymous class opens a method body. Its length counts from the line of its name to its closing
 * brace, as a reader sees it. Methods inside anonymous classes and local classes are counted on
 * their own (and inside the method that holds them).
 */
public final class LongMethods {
  private static final Pattern HEADER =
      Pattern.compile(
          "([A-Za-z_$][\\w$]*)\\s*\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)\\s*(throws[\\w$.,\\s<>]+)?$");
  private static final Set<String> NOT_METHODS =
      Set.of("if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new");

  /** One long method: {@code File#method}, where its name is, and how many lines it takes. */
  public record LongMethod(String key, Path file, int line, int lines) {
    @Override
    public String toString() {
      return key + " (" + lines + " lines, " + file.getFileName() + ":" + line + ")";
    }
  }

  private LongMethods() {}

  /**
   * The check a module's {@code LongMethodsTest} makes: every method over {@code limit} lines under
   * {@code sourceRoot} is on the allowlist {@code allowlistFile}, each entry with a reason. Prints
   * what it found, and the entries no longer over the limit (not a failure: splitting a method
   * should not need the file edited).
   */
  public static void assertNoNewLongMethods(Path sourceRoot, Path allowlistFile, int limit) {
    Map<String, String> allowed = allowlist(allowlistFile);
    var found = over(sourceRoot, limit);
    System.out.println("methods over " + limit + " lines: " + found.size());
    found.forEach(m -> System.out.println("  " + m));
    var keys = found.stream().map(LongMethod::key).toList();
    allowed.keySet().stream()
        .filter(k -> !keys.contains(k))
        .forEach(
            k -> System.out.println("  no longer over " + limit + ", drop from the list: " + k));
    assertThat(found.stream().filter(m -> !allowed.containsKey(m.key())).toList())
        .as("methods over %d lines not in long-methods.txt (split them, or add a reason)", limit)
        .isEmpty();
    assertThat(allowed.values())
        .as("every allowlisted method has a reason")
        .allMatch(r -> !r.isBlank());
    assertThat(found.stream().filter(m -> !body(m).contains(REASON)).toList())
        .as("long methods without a '%s …' comment in their body saying why", REASON)
        .isEmpty();
  }

  /** How the comment that says why a method is long starts, in the method's body. */
  public static final String REASON = "// Long on purpose:";

  /** The lines of {@code m}, from its name to its closing brace. */
  private static String body(LongMethod m) {
    try {
      List<String> lines = Files.readAllLines(m.file(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(m.line() - 1, m.line() - 1 + m.lines()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every method under {@code sourceRoot} longer than {@code limit} lines, longest first. */
  public static List<LongMethod> over(Path sourceRoot, int limit) {
    var found = new ArrayList<LongMethod>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String name = file.getFileName().toString().replace(".java", "");
        for (LongMethod m : scan(name, file, Files.readString(file, StandardCharsets.UTF_8))) {
          if (m.lines() > limit) {
            found.add(m);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort((a, b) -> Integer.compare(b.lines(), a.lines()));
    return found;
  }

  /**
   * The allowlist: lines {@code File#method reason}; blank lines and {@code #} comments ignored.
   *
   * @return key to reason
   */
  public static Map<String, String> allowlist(Path file) {
    var allowed = new LinkedHashMap<String, String>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] parts = t.split("\\s+", 2);
        allowed.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return allowed;
  }

  static List<LongMethod> scan(String fileName, Path file, String source) {
    String code = blank(source);
    var methods = new ArrayList<LongMethod>();
    Deque<int[]> open = new ArrayDeque<>(); // {start line, is method (1/0), header name index}
    Deque<String> names = new ArrayDeque<>();
    int statementStart = 0;
    int line = 1;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '{') {
        String header = code.substring(statementStart, i).strip();
        String method = methodName(header);
        if (method != null) {
          int nameAt = statementStart + code.substring(statementStart, i).lastIndexOf(method + "(");
          if (nameAt < statementStart) {
            nameAt = statementStart + code.substring(statementStart, i).indexOf(method);
          }
          open.push(new int[] {lineOf(code, nameAt), 1});
          names.push(method);
        } else {
          open.push(new int[] {line, 0});
          names.push("");
        }
        statementStart = i + 1;
      } else if (c == '}') {
        if (!open.isEmpty()) {
          int[] top = open.pop();
          String method = names.pop();
          if (top[1] == 1) {
            methods.add(new LongMethod(fileName + "#" + method, file, top[0], line - top[0] + 1));
          }
        }
        statementStart = i + 1;
      } else if (c == ';') {
        statementStart = i + 1;
      }
    }
    return methods;
  }

  private static String methodName(String header) {
    if (header.endsWith("->") || header.contains("->")) {
      return null; // a lambda body
    }
    // annotations with arguments before the declaration are fine; drop a trailing
    // "default" of an annotation element and leading modifiers by matching from the end
    Matcher m = HEADER.matcher(header);
    if (!m.find()) {
      return null;
    }
    String name = m.group(1);
    if (NOT_METHODS.contains(name)) {
      return null;
    }
    String before = header.substring(0, m.start()).strip();
    if (before.endsWith("new") || before.endsWith(".") || before.endsWith("=")) {
      return null; // an anonymous class or a call
    }
    if (before.isEmpty() || before.endsWith("(") || before.endsWith(",")) {
      return null; // a call's argument
    }
    if (before.matches("(?s).*\\brecord")) {
      return null; // a record's header and body
    }
    return name;
  }

  private static int lineOf(String code, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (code.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The source with comments and literals replaced by spaces, newlines kept. */
  static String blank(String s) {
    var out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        keepNewlines(s, i, end, out);
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        while (end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? s.length() : end + 3;
        out.append('"');
        keepNewlines(s, i + 1, end - 1, out);
        out.append('"');
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c);
        keepNewlines(s, i + 1, Math.min(j, s.length()), out);
        out.append(c);
        i = j + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void keepNewlines(String s, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(s.charAt(k) == '\n' ? '\n' : ' ');
    }
  }
}
