package dev.incidentbot.bot.endtoend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One of the bot's chat adapters, driven the way a person uses it: type a command as one of the
 * configured users (alice and bob are operators, victor a viewer), read what answers it, press a
 * button on it. Meant for one test thread at a time; answers arrive on the adapter's threads.
 */
public interface Chat {
  /** How long an answer may take: a failover waits for Sentinel. */
  Duration PATIENCE = Duration.ofSeconds(45);

  /** {@code user} runs {@code /command} with {@code options}. */
  Exchange send(String user, String command, Map<String, String> options);

  /** {@code user} presses the button labelled {@code label} on {@code message}. */
  Exchange press(Shown message, String label, String user);

  /** What answers one command or press, as it arrives. */
  interface Exchange {
    /**
     * The latest state of the answer once it passes {@code test}, waiting up to {@code timeout}.
     *
     * @throws AssertionError when it does not, with what was seen
     */
    Shown await(Predicate<Shown> test, String what, Duration timeout);

    /** The answer once it passes {@code test}, waiting up to {@link #PATIENCE}. */
    default Shown await(Predicate<Shown> test, String what) {
      return await(test, what, PATIENCE);
    }

    /** The answer once it is final: not a progress message with a Stop button. */
    default Shown answer() {
      return await(m -> !m.hasButton("Stop"), "a final answer");
    }

    /** The answer once it has a button labelled {@code label}. */
    default Shown withButton(String label) {
      return await(m -> m.hasButton(label), "a message with button '" + label + "'");
    }

    /**
     * The final answer once its text matches every one of {@code regexes} (found anywhere in it);
     * fails naming those that never matched.
     */
    default Shown expect(String... regexes) {
      var patterns = new ArrayList<Pattern>();
      for (String r : regexes) {
        patterns.add(Pattern.compile(r));
      }
      answer();
      try {
        // parts of a long answer may still be arriving as follow-up messages
        return await(
            m ->
                !m.hasButton("Stop") && patterns.stream().allMatch(p -> p.matcher(m.text()).find()),
            "an answer matching " + String.join(" and ", regexes),
            Duration.ofSeconds(3));
      } catch (AssertionError e) {
        Shown last = answer();
        var missing = new ArrayList<String>();
        for (Pattern p : patterns) {
          if (!p.matcher(last.text()).find()) {
            missing.add(p.pattern());
          }
        }
        throw new AssertionError("the answer never matched " + missing + ":\n" + last, e);
      }
    }
  }
}
