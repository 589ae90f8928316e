package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.UserFacingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One matcher of a silence, as Alertmanager has them: a label name, an operator and a value (a
 * fully anchored regular expression for {@code =~} and {@code !~}). A missing label reads as the
 * empty string, as in Alertmanager.
 *
 * @param name the label name
 * @param op how the value is compared
 * @param value the value, or the regular expression
 */
public record LabelMatcher(String name, Op op, String value) {
  private static final Pattern TEXT =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,]*)");

  /** The four operators of Alertmanager's matchers. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean regex() {
      return this == REGEX || this == NOT_REGEX;
    }

    public boolean equal() {
      return this == EQUAL || this == REGEX;
    }
  }

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
    if (op.regex()) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new UserFacingException(
            "matcher "
                + name
                + op.symbol()
                + "\""
                + value
                + "\" is not a valid regular expression");
      }
    }
  }

  /** {@code name="value"}: an equality matcher. */
  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, Op.EQUAL, value);
  }

  /** One equality matcher per label, sorted by name: exactly the labels given. */
  public static List<LabelMatcher> ofLabels(Map<String, String> labels) {
    var list = new ArrayList<LabelMatcher>();
    new TreeMap<>(labels).forEach((k, v) -> list.add(equal(k, v)));
    return list;
  }

  /**
   * Reads matchers as people type them and as {@link #text(List)} writes them: {@code
   * alertname="RedisDown", service=~"orders|carts"}; quotes are optional when the value has no
   * comma.
   *
   * @throws UserFacingException naming the part that is not a matcher
   */
  public static List<LabelMatcher> parse(String text) {
    var list = new ArrayList<LabelMatcher>();
    String rest = text == null ? "" : text.strip();
    if (rest.startsWith("{") && rest.endsWith("}")) {
      rest = rest.substring(1, rest.length() - 1);
    }
    Matcher m = TEXT.matcher(rest);
    int at = 0;
    while (at < rest.length()) {
      m.region(at, rest.length());
      if (!m.lookingAt()) {
        throw new UserFacingException(
            "'"
                + rest.substring(at).strip()
                + "' is not a matcher; write name=\"value\", name!=\"value\", name=~\"regex\" or"
                + " name!~\"regex\", separated by commas");
      }
      String raw = m.group(3).strip();
      String value =
          raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
              ? raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\")
              : raw;
      list.add(new LabelMatcher(m.group(1), op(m.group(2)), value));
      at = m.end();
      while (at < rest.length() && (rest.charAt(at) == ',' || rest.charAt(at) == ' ')) {
        at++;
      }
    }
    return list;
  }

  private static Op op(String symbol) {
    for (Op op : Op.values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException(symbol);
  }

  /** Whether an alert with {@code labels} matches (a missing label is the empty string). */
  public boolean matches(Map<String, String> labels) {
    return matchesValue(labels.getOrDefault(name, ""));
  }

  /** Whether a label value {@code v} matches. */
  public boolean matchesValue(String v) {
    return switch (op) {
      case EQUAL -> value.equals(v);
      case NOT_EQUAL -> !value.equals(v);
      case REGEX -> Pattern.compile(value).matcher(v).matches();
      case NOT_REGEX -> !Pattern.compile(value).matcher(v).matches();
    };
  }

  /** {@code name="value"}, {@code name=~"regex"}: how Alertmanager and people read it. */
  public String text() {
    return name + op.symbol + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code alertname="RedisDown", service="orders"}. */
  public static String text(List<LabelMatcher> matchers) {
    return String.join(", ", matchers.stream().map(LabelMatcher::text).toList());
  }

  /** Whether every alert matching all of {@code matchers} matches {@code labels}' matchers too. */
  static boolean allMatch(List<LabelMatcher> matchers, Map<String, String> labels) {
    return matchers.stream().allMatch(m -> m.matches(labels));
  }
}
