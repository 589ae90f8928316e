package dev.incidentbot.bot.console;

import dev.incidentbot.bot.config.BotConfig.ConsoleUser;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Router;
import dev.incidentbot.chat.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The bot as a chat in the terminal. Reads lines until end of input; commands run one after another
 * on the worker pool while reading goes on, so {@code press N} on a button already shown (a Stop
 * button) acts at once. At end of input it waits for the replies in flight, then returns.
 *
 * <p>Also the console's {@link Outbox}: messages the bot posts on its own (follow-ups, status
 * updates) are printed with the channel or thread they went to.
 */
public final class ConsoleChat implements Outbox {
  /** How long a button shown in the console can be pressed. */
  static final Duration BUTTON_LIFESPAN = Duration.ofHours(24);

  private final Router router;
  private final ComponentStore components;
  private final Map<String, ConsoleUser> users = new LinkedHashMap<>();
  private final ConsoleOutput output;
  private final Clock clock;
  private final ExecutorService workers;
  private final Path attachmentDir;
  private final Map<Integer, String> buttons = new ConcurrentHashMap<>();
  private final Map<Action, Integer> numbers = new ConcurrentHashMap<>();
  private final Map<String, String> threadNames = new ConcurrentHashMap<>();
  private final AtomicInteger nextButton = new AtomicInteger(1);
  private final AtomicInteger nextThread = new AtomicInteger(1);
  private final AtomicInteger nextMessage = new AtomicInteger(1);

  /**
   * Tells this run's threads and messages from an earlier run's: their ids are stored (an
   * incident's thread, where a follow-up posts), so "t1" of yesterday's run must not be today's.
   */
  private final String runTag = Long.toString(System.currentTimeMillis(), 36);

  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
  // presses of buttons already shown run at once (Stop must reach a running action), outside
  // the input's order; end of input waits for them too
  private CompletableFuture<Void> presses = CompletableFuture.completedFuture(null);

  /**
   * The console of {@code wiring}'s commands for the people its configuration names, on a plain
   * stream: piped input, echoed as a transcript.
   *
   * @param attachments where files the bot attaches are saved
   */
  public static ConsoleChat of(
      dev.incidentbot.bot.Wiring wiring, PrintStream out, java.nio.file.Path attachments) {
    return new ConsoleChat(
        wiring.router(),
        wiring.components(),
        wiring.config().consoleUsers(),
        out,
        wiring.clock(),
        wiring.workers(),
        attachments);
  }

  /** A console on a plain stream: piped input, echoed as a transcript. */
  public ConsoleChat(
      Router router,
      ComponentStore components,
      List<ConsoleUser> consoleUsers,
      PrintStream out,
      Clock clock,
      ExecutorService workers,
      Path attachmentDir) {
    this(router, components, consoleUsers, new PlainOutput(out), clock, workers, attachmentDir);
  }

  ConsoleChat(
      Router router,
      ComponentStore components,
      List<ConsoleUser> consoleUsers,
      ConsoleOutput output,
      Clock clock,
      ExecutorService workers,
      Path attachmentDir) {
    this.router = router;
    this.components = components;
    consoleUsers.forEach(u -> users.put(u.name(), u));
    this.output = output;
    this.clock = clock;
    this.workers = workers;
    this.attachmentDir = attachmentDir;
  }

  /** Greets an interactive user, saying once where the log goes. */
  public void greet(Optional<Path> logFile) {
    ConsoleUser me = users.values().iterator().next();
    print(
        "Redis Incident Bot — console mode. You are "
            + me.name()
            + " ("
            + String.join(", ", me.roles())
            + "). Type /help (Tab completes commands, options and targets; ↑ recalls history);"
            + " @name /command acts as another user; Ctrl-D quits."
            + logFile.map(f -> "\nThe bot's log is in " + f + ".").orElse("")
            + "\n");
  }

  /**
   * Reads and runs every line of {@code in} (piped input), then waits for what is still running.
   */
  public void run(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      accept(line);
    }
    last.join();
    presses.join();
  }

  /**
   * Reads lines at the terminal's prompt until Ctrl-D, with line editing, history and completion;
   * answers and the bot's own posts are printed above the prompt as they come. Ctrl-C clears the
   * line being typed.
   */
  public void runInteractive(LineReader reader) {
    while (true) {
      String line;
      try {
        line = reader.readLine("> ");
      } catch (UserInterruptException ctrlC) {
        continue;
      } catch (EndOfFileException ctrlD) {
        break;
      }
      accept(line);
    }
    last.join();
    presses.join();
  }

  /** Completion for a terminal: commands, options, targets, users and this run's buttons. */
  public Completer completer(Supplier<List<String>> targetNames) {
    return new ConsoleCompleter(
        router::specs,
        targetNames,
        () -> List.copyOf(users.keySet()),
        () -> buttons.keySet().stream().sorted().toList());
  }

  /** Handles one line: parses it, then runs it after whatever is still running. */
  void accept(String line) {
    String typed = TerminalText.safe(line.strip());
    Optional<ConsoleLine> parsed;
    try {
      parsed = ConsoleLine.parse(line, name -> router.spec(name).isPresent());
    } catch (IllegalArgumentException e) {
      inOrder(() -> output.echo(typed));
      inOrder(() -> print(e.getMessage() + "\n"));
      return;
    }
    if (parsed.isEmpty()) {
      return;
    }
    ConsoleLine cmd = parsed.get();
    if (cmd.press() > 0 && buttons.containsKey(cmd.press())) {
      output.echo(typed); // runs at once, below
    } else {
      inOrder(() -> output.echo(typed));
    }
    ConsoleUser user = users.get(cmd.user() == null ? firstUser() : cmd.user());
    if (user == null) {
      String known = String.join(", ", users.keySet());
      inOrder(
          () -> print("There is no console user '" + cmd.user() + "'; known: " + known + ".\n"));
      return;
    }
    if (cmd.press() > 0 && buttons.containsKey(cmd.press())) {
      presses =
          CompletableFuture.allOf(
              presses, CompletableFuture.runAsync(() -> press(user, cmd.press()), workers));
      return;
    }
    if (cmd.press() > 0) {
      inOrder(() -> press(user, cmd.press()));
      return;
    }
    Map<String, String> options;
    try {
      options = withConsoleUsers(cmd.command(), cmd.options());
    } catch (IllegalArgumentException e) {
      inOrder(() -> print(e.getMessage() + "\n"));
      return;
    }
    inOrder(() -> dispatch(request(user, cmd.command(), options)));
  }

  /**
   * The options with each person option ({@code user:@bob} or {@code user:bob}) read as the
   * configured console user of that name: the console's member picker.
   *
   * @throws IllegalArgumentException naming the known users when a name is not one of them
   */
  private Map<String, String> withConsoleUsers(String command, Map<String, String> options) {
    var spec = router.spec(command);
    if (spec.isEmpty()) {
      return options;
    }
    var resolved = new LinkedHashMap<>(options);
    for (OptionSpec option : spec.get().options()) {
      String value = options.get(option.name());
      if (option.type() != OptionSpec.Type.USER || value == null || value.isBlank()) {
        continue;
      }
      String name = value.strip().startsWith("@") ? value.strip().substring(1) : value.strip();
      ConsoleUser person =
          users.values().stream()
              .filter(u -> u.name().equalsIgnoreCase(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          option.name()
                              + ":"
                              + value.strip()
                              + " is not a console user; known: "
                              + users.keySet().stream()
                                  .map(u -> "@" + u)
                                  .collect(Collectors.joining(", "))
                              + "."));
      resolved.put(option.name(), person.name());
    }
    return resolved;
  }

  /** Runs {@code work} after everything accepted before it, so output keeps the input's order. */
  private void inOrder(Runnable work) {
    last = last.thenRunAsync(work, workers);
  }

  private void press(ConsoleUser user, int number) {
    String id = buttons.get(number);
    if (id == null) {
      // numbers are never taken back, so this one was never shown in this run
      print(
          "There is no button ["
              + number
              + "] in this run yet. Numbers from an earlier run of the console are gone: /audit"
              + " lists plans still waiting for confirmation, and running the command again"
              + " shows new buttons.\n");
      return;
    }
    Optional<Action> action = components.find(id);
    if (action.isEmpty()) {
      print("Button [" + number + "] has expired; run the command again.\n");
      return;
    }
    dispatch(request(user, action.get().command(), action.get().options()));
  }

  private void dispatch(Request request) {
    var progress = new ConsoleProgress();
    Reply reply = router.dispatch(request, progress);
    print(render(reply), reply.severity());
  }

  private Request request(ConsoleUser user, String command, Map<String, String> options) {
    Actor actor = Actor.person(user.name(), user.name(), Set.copyOf(user.roles()));
    return new Request(command, options, actor, Place.CONSOLE, clock.instant());
  }

  private String firstUser() {
    return users.keySet().iterator().next();
  }

  /**
   * The reply as text, its buttons numbered. A button gets a number the first time it is shown and
   * keeps it for the whole run: shown again (a progress update's Stop, a reminder's Post update) it
   * has the same number, and a number never goes to another button.
   */
  String render(Reply reply) {
    var shown = new ArrayList<Integer>();
    for (var button : reply.buttons()) {
      shown.add(number(button.action()));
    }
    var notes = reply.attachments().stream().map(this::save).collect(Collectors.toList());
    return TextRenderer.render(reply, shown, notes);
  }

  private int number(Action action) {
    synchronized (numbers) {
      Integer known = numbers.get(action);
      if (known != null) {
        if (components.find(buttons.get(known)).isEmpty()) {
          buttons.put(known, components.save(action, BUTTON_LIFESPAN));
        }
        return known;
      }
      int n = nextButton.getAndIncrement();
      buttons.put(n, components.save(action, BUTTON_LIFESPAN));
      numbers.put(action, n);
      return n;
    }
  }

  private String save(Attachment a) {
    try {
      Files.createDirectories(attachmentDir);
      Path file = attachmentDir.resolve(Path.of(a.fileName()).getFileName());
      Files.write(file, a.content());
      return "saved to " + file;
    } catch (IOException e) {
      return "could not be saved (" + e.getMessage() + ")";
    }
  }

  /**
   * Prints {@code text} and a blank line; controls in it are made visible ({@link TerminalText}).
   */
  private void print(String text) {
    print(text, Severity.INFO);
  }

  private void print(String text, Severity severity) {
    output.print(TerminalText.safe(text), severity);
  }

  @Override
  public Place place(Channel channel) {
    return Place.channel(channel.name().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public Posted post(Place place, Reply reply) {
    String where =
        place.threadId() != null
            ? "thread " + threadNames.getOrDefault(place.threadId(), place.threadId())
            : "#" + place.channelId();
    print("[" + where + "]\n" + render(reply), reply.severity());
    return new Posted(place, "m" + nextMessage.getAndIncrement() + "." + runTag);
  }

  @Override
  public Place startThread(Posted message, String name) {
    String id = "t" + nextThread.getAndIncrement() + "." + runTag;
    threadNames.put(id, "'" + name + "'");
    return message.place().inThread(id);
  }

  /** Prints interim states at most about once a second, numbering their buttons (Stop). */
  private final class ConsoleProgress implements Progress {
    private long lastShown;
    private boolean any;
    private String lastSaid = "";

    /**
     * Prints an interim state unless it says what the last one said: a Sentinel failover that waits
     * reports the same thing a dozen times, only its elapsed time changing.
     */
    @Override
    public void update(Reply interim) {
      long now = System.nanoTime();
      if (any && now - lastShown < 900_000_000L) {
        return;
      }
      String text = render(interim);
      String said = ELAPSED.matcher(text).replaceAll("");
      if (said.equals(lastSaid)) {
        return;
      }
      any = true;
      lastShown = now;
      lastSaid = said;
      print(text, interim.severity());
    }
  }

  /** Elapsed and remaining times in a progress message ("12 s", "1 min 5 s", "350 ms"). */
  private static final java.util.regex.Pattern ELAPSED =
      java.util.regex.Pattern.compile("\\d+(\\.\\d+)? ?(ms|s|min|h)\\b");
}
