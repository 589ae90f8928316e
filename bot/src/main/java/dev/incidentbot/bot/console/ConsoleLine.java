package dev.incidentbot.bot.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line typed at the console, parsed: an optional {@code @user}, then either {@code press N} or
 * a slash command with Discord-like {@code name:value} options. A value runs until the next {@code
 * name:} word, so {@code title:Redis is down severity:P1} needs no quotes; quotes keep a value
 * whole.
 *
 * @param user the {@code @name} given, or null for the default user
 * @param command the command name ("redis health"), or null for a press
 * @param options the options by name
 * @param press the button number for {@code press N}, or 0
 */
record ConsoleLine(String user, String command, Map<String, String> options, int press) {
  private static final Pattern OPTION = Pattern.compile("([a-z][a-z0-9-]*):(.*)", Pattern.DOTALL);
  private static final Pattern PRESS = Pattern.compile("press\\s+(\\d{1,6})");

  /**
   * Parses a line. {@code isCommand} tells whether a one- or two-word name is a known command, so
   * that {@code /redis health} and {@code /help} both resolve.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  static Optional<ConsoleLine> parse(String raw, Predicate<String> isCommand) {
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return Optional.empty();
    }
    String user = null;
    if (line.startsWith("@")) {
      int space = line.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException("Say what @user should do: @alice /redis health");
      }
      user = line.substring(1, space);
      line = line.substring(space + 1).strip();
    }
    Matcher press = PRESS.matcher(line);
    if (press.matches()) {
      return Optional.of(new ConsoleLine(user, null, Map.of(), Integer.parseInt(press.group(1))));
    }
    if (!line.startsWith("/")) {
      throw new IllegalArgumentException(
          "Commands start with /, like /redis health or /help; press N presses button [N].");
    }
    var words = tokens(line.substring(1));
    if (words.length == 0 || words[0].isEmpty()) {
      throw new IllegalArgumentException("Type a command after the /, like /help.");
    }
    int optionStart = 1;
    String command = words[0];
    boolean secondIsWord = words.length > 1 && !OPTION.matcher(words[1]).matches();
    if (secondIsWord && (isCommand.test(words[0] + " " + words[1]) || !isCommand.test(words[0]))) {
      command = words[0] + " " + words[1];
      optionStart = 2;
    }
    var options = new LinkedHashMap<String, String>();
    String current = null;
    for (int i = optionStart; i < words.length; i++) {
      Matcher m = OPTION.matcher(words[i]);
      if (m.matches() && !words[i].startsWith("\"")) {
        current = m.group(1);
        if (options.containsKey(current)) {
          throw new IllegalArgumentException("Option " + current + ": is given twice.");
        }
        options.put(current, unquote(m.group(2)));
      } else if (current == null) {
        throw new IllegalArgumentException(
            "'" + words[i] + "' is not an option; write options as name:value, like target:cache");
      } else {
        String sep = options.get(current).isEmpty() ? "" : " ";
        options.put(current, options.get(current) + sep + unquote(words[i]));
      }
    }
    return Optional.of(new ConsoleLine(user, command, options, 0));
  }

  /** Splits on spaces, keeping "quoted parts" (with their quotes) inside one word. */
  private static String[] tokens(String s) {
    var out = new java.util.ArrayList<String>();
    var word = new StringBuilder();
    boolean quoted = false;
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        word.append(c);
      } else if (Character.isWhitespace(c) && !quoted) {
        if (!word.isEmpty()) {
          out.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("A quote is not closed.");
    }
    if (!word.isEmpty()) {
      out.add(word.toString());
    }
    return out.toArray(String[]::new);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
