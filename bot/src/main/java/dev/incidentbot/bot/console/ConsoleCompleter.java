package dev.incidentbot.bot.console;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the console, from what the bot knows at the moment of the key press: command
 * names ({@code /redis health}), {@code press} and the numbers of buttons shown in this run, an
 * {@code @user} prefix, the option names of the command typed so far ({@code target:}), and option
 * values: configured target names, an option's choices, console users for person options. Pure
 * look-ups in memory; called on the reading thread.
 */
final class ConsoleCompleter implements Completer {
  private final Supplier<List<CommandSpec>> specs;
  private final Supplier<List<String>> targets;
  private final Supplier<List<String>> users;
  private final Supplier<List<Integer>> buttons;

  ConsoleCompleter(
      Supplier<List<CommandSpec>> specs,
      Supplier<List<String>> targets,
      Supplier<List<String>> users,
      Supplier<List<Integer>> buttons) {
    this.specs = specs;
    this.targets = targets;
    this.users = users;
    this.buttons = buttons;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = line.words().subList(0, line.wordIndex());
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    if (!words.isEmpty() && words.get(0).startsWith("@")) {
      words = words.subList(1, words.size());
    } else if (words.isEmpty() && word.startsWith("@")) {
      users
          .get()
          .forEach(
              u -> candidates.add(new Candidate("@" + u, "@" + u, null, null, null, null, true)));
      return;
    }
    if (words.isEmpty()) {
      firstWords(candidates);
      return;
    }
    if (words.get(0).equals("press")) {
      if (words.size() == 1) {
        buttons.get().forEach(n -> candidates.add(new Candidate(String.valueOf(n))));
      }
      return;
    }
    Optional<CommandSpec> spec = command(words);
    if (spec.isEmpty()) {
      subcommands(words, candidates);
      return;
    }
    int colon = word.indexOf(':');
    if (colon < 0) {
      for (OptionSpec option : spec.get().options()) {
        candidates.add(
            new Candidate(
                option.name() + ":",
                option.name() + ":",
                null,
                option.description(),
                null,
                null,
                false));
      }
      return;
    }
    String name = word.substring(0, colon);
    spec.get().options().stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .ifPresent(
            o ->
                values(o)
                    .forEach(
                        v ->
                            candidates.add(
                                new Candidate(name + ":" + v, v, null, null, null, null, true))));
  }

  private void firstWords(List<Candidate> candidates) {
    candidates.add(
        new Candidate("press", "press", null, "press a button by its number", null, null, true));
    specs.get().stream()
        .filter(s -> !s.hidden())
        .map(s -> "/" + s.group())
        .distinct()
        .forEach(g -> candidates.add(new Candidate(g, g, null, null, null, null, !isGroup(g))));
  }

  private boolean isGroup(String slashGroup) {
    String group = slashGroup.substring(1);
    return specs.get().stream().anyMatch(s -> s.group().equals(group) && !s.name().equals(group));
  }

  private void subcommands(List<String> words, List<Candidate> candidates) {
    if (words.size() != 1 || !words.get(0).startsWith("/")) {
      return;
    }
    String group = words.get(0).substring(1);
    specs.get().stream()
        .filter(s -> !s.hidden() && s.group().equals(group) && !s.name().equals(group))
        .forEach(
            s ->
                candidates.add(
                    new Candidate(
                        s.subcommand(), s.subcommand(), null, s.description(), null, null, true)));
  }

  /** The command named by the first one or two words typed, if any. */
  private Optional<CommandSpec> command(List<String> words) {
    if (!words.get(0).startsWith("/")) {
      return Optional.empty();
    }
    String first = words.get(0).substring(1).toLowerCase(Locale.ROOT);
    String two = words.size() > 1 ? first + " " + words.get(1).toLowerCase(Locale.ROOT) : null;
    return specs.get().stream()
        .filter(s -> s.name().equals(two) || (s.name().equals(first) && !isGroup("/" + first)))
        .findFirst();
  }

  private List<String> values(OptionSpec option) {
    if (option.completesTargets()) {
      return targets.get();
    }
    if (option.type() == OptionSpec.Type.USER) {
      return users.get().stream().map(u -> "@" + u).toList();
    }
    if (option.type() == OptionSpec.Type.BOOLEAN) {
      return List.of("true", "false");
    }
    return option.choices();
  }
}
