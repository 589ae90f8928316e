package dev.incidentbot.bot.endtoend;

import dev.incidentbot.bot.TestWiring;
import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.console.ConsoleChat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console adapter as a person at the terminal uses it: {@link ConsoleChat} reads lines as they
 * are typed (so {@code press N} on a Stop button acts while the action runs), and every print is
 * kept as one message. Runs on the given wiring with {@link TestWiring#USERS}.
 */
final class ConsoleSession implements Chat, AutoCloseable {
  private static final Pattern TITLE = Pattern.compile("── (.*?)(?: ?\\[(?:OK|WARN|CRITICAL)])?");
  private static final Pattern BUTTON = Pattern.compile("\\[(\\d+)] (.+?)(?=  \\[\\d+] |$)");

  /** The end of a row of buttons, with the plan's id when they belong to one. */
  private static final Pattern PRESS_HINT =
      Pattern.compile("(.*)   \\((?:plan [0-9a-z]+; )?type press N\\)");

  private static final String END = "\u0000end of input";

  private final List<String> printed = new ArrayList<>();
  private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
  private final Thread reader;

  ConsoleSession(Wiring wiring, Path attachments) {
    var out =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8) {
          @Override
          public void print(String s) {
            if (s.startsWith("> ")) {
              return; // the echo of a typed line, not a message of the bot
            }
            synchronized (printed) {
              printed.add(s);
            }
          }
        };
    var chat =
        new ConsoleChat(
            wiring.router(),
            wiring.components(),
            TestWiring.USERS,
            out,
            wiring.clock(),
            wiring.workers(),
            attachments);
    var lines =
        new BufferedReader(Reader.nullReader()) {
          @Override
          public String readLine() {
            try {
              String line = typed.take();
              return END.equals(line) ? null : line;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return null;
            }
          }
        };
    reader =
        new Thread(
            () -> {
              try {
                chat.run(lines);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "console-session");
    reader.setDaemon(true);
    reader.start();
  }

  /** Types one line as {@code user}. */
  void type(String user, String line) {
    typed.add("@" + user + " " + line);
  }

  @Override
  public Exchange send(String user, String command, Map<String, String> options) {
    String line =
        "/"
            + command
            + options.entrySet().stream()
                .map(e -> " " + e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining());
    return typeAndWatch(user, line);
  }

  @Override
  public Exchange press(Shown message, String label, String user) {
    Object number = message.handles().get(label);
    if (number == null) {
      throw new AssertionError("no button '" + label + "' on " + message);
    }
    return typeAndWatch(user, "press " + number);
  }

  private Exchange typeAndWatch(String user, String line) {
    int from;
    synchronized (printed) {
      from = printed.size();
    }
    type(user, line);
    return (test, what, timeout) -> await(from, test, what + " to '" + line + "'", timeout);
  }

  /** The first print since {@code from} that passes {@code test}. */
  private Shown await(int from, Predicate<Shown> test, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> since;
      synchronized (printed) {
        since = List.copyOf(printed.subList(from, printed.size()));
      }
      for (int i = 0; i < since.size(); i++) {
        Shown shown = parse(since.get(i), i);
        if (test.test(shown)) {
          return shown;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited "
                + timeout.toSeconds()
                + " s for "
                + what
                + "; the console printed:\n"
                + since);
      }
      sleep();
    }
  }

  /** Everything printed so far, for a failing test to show. */
  String transcript() {
    synchronized (printed) {
      return String.join("", printed);
    }
  }

  static Shown parse(String printed, int earlier) {
    List<String> lines = printed.strip().lines().toList();
    String title = "";
    if (!lines.isEmpty()) {
      Matcher t = TITLE.matcher(lines.get(0));
      if (t.matches()) {
        title = t.group(1);
      }
    }
    var labels = new ArrayList<String>();
    Map<String, Object> numbers = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher row = PRESS_HINT.matcher(line);
      if (row.matches()) {
        Matcher b = BUTTON.matcher(row.group(1));
        while (b.find()) {
          labels.add(b.group(2));
          numbers.put(b.group(2), Integer.parseInt(b.group(1)));
        }
      }
    }
    return new Shown(title, printed, labels, earlier, false, numbers);
  }

  @Override
  public void close() throws InterruptedException {
    typed.add(END);
    reader.join(Duration.ofSeconds(30).toMillis());
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
