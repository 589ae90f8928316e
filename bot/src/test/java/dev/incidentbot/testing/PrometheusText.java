package dev.incidentbot.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code /metrics} body read as the Prometheus text exposition format 0.0.4, strictly: every line
 * is a {@code # HELP}, a {@code # TYPE}, another comment or a sample; every sample belongs to a
 * family declared with HELP and TYPE before it; label values are quoted and escaped. Tests then ask
 * for values by name and labels instead of matching exact text, so label order and number
 * formatting ({@code 1} or {@code 1.0}) do not matter.
 */
public final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: -?[0-9]+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final List<String> SUFFIXES =
      List.of("_bucket", "_sum", "_count", "_created", "_total", "_info");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> helps = new LinkedHashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  private PrometheusText() {}

  /**
   * @throws AssertionError naming the line that does not follow the format
   */
  public static PrometheusText parse(String body) {
    var text = new PrometheusText();
    String[] lines = body.split("\n", -1);
    if (!body.isEmpty() && !body.endsWith("\n")) {
      throw new AssertionError("the body does not end with a line feed");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      text.read(i + 1, lines[i]);
    }
    return text;
  }

  private void read(int number, String line) {
    Matcher m;
    if (line.isEmpty()) {
      return;
    } else if ((m = HELP.matcher(line)).matches()) {
      if (helps.put(m.group(1), m.group(2)) != null) {
        throw bad(number, line, "a second HELP for " + m.group(1));
      }
    } else if (line.startsWith("# TYPE")) {
      if (!(m = TYPE.matcher(line)).matches()) {
        throw bad(number, line, "not a TYPE line");
      }
      if (types.put(m.group(1), m.group(2)) != null) {
        throw bad(number, line, "a second TYPE for " + m.group(1));
      }
    } else if (line.startsWith("#")) {
      return;
    } else if ((m = SAMPLE.matcher(line)).matches()) {
      String family = family(m.group(1));
      if (family == null || !helps.containsKey(family)) {
        throw bad(number, line, "a sample without TYPE and HELP before it");
      }
      samples.add(new Sample(m.group(1), labels(number, line, m.group(2)), value(number, line, m)));
    } else {
      throw bad(number, line, "neither a comment nor a sample");
    }
  }

  private String family(String sample) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : SUFFIXES) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return null;
  }

  private static Map<String, String> labels(int number, String line, String text) {
    var labels = new LinkedHashMap<String, String>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw bad(number, line, "bad labels at column " + at);
      }
      String value = unescape(m.group(2));
      if (labels.put(m.group(1), value) != null) {
        throw bad(number, line, "label " + m.group(1) + " twice");
      }
      at = m.end();
    }
    return labels;
  }

  /** Undoes the label value escapes, left to right: {@code \\}, {@code \"}, {@code \n}. */
  private static String unescape(String value) {
    var out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static double value(int number, String line, Matcher m) {
    String v = m.group(3);
    switch (v) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw bad(number, line, "bad value " + v);
        }
    }
  }

  private static AssertionError bad(int number, String line, String why) {
    return new AssertionError("line " + number + ": " + why + ": " + line);
  }

  /** The TYPE of a family ("counter"), if declared. */
  public Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  /** The HELP of a family, if declared. */
  public Optional<String> help(String family) {
    return Optional.ofNullable(helps.get(family));
  }

  /** Every family name declared with TYPE. */
  public List<String> families() {
    return List.copyOf(types.keySet());
  }

  /** Every sample, in order. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Samples of that name whose labels include all of {@code labels} (name, value pairs). */
  public List<Sample> samples(String name, String... labels) {
    var wanted = new LinkedHashMap<String, String>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
        .toList();
  }

  /**
   * The value of the one sample with that name and exactly those labels.
   *
   * @throws AssertionError when there is none
   */
  public double value(String name, String... labels) {
    var exact = new LinkedHashMap<String, String>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      exact.put(labels[i], labels[i + 1]);
    }
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(exact))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + name + exact + " in " + names()))
        .value();
  }

  private List<String> names() {
    return samples.stream().map(Sample::name).distinct().toList();
  }
}
