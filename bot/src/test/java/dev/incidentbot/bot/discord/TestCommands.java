package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Form;
import dev.incidentbot.chat.FormField;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserRef;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Commands that exist only in tests, to drive the adapter through what real commands will do. */
final class TestCommands {
  private TestCommands() {}

  static List<Command> all() {
    return List.of(
        new LongReport(),
        new Buttons(),
        new Pressed(),
        new Slow(),
        new Page(),
        new Who(),
        new Ask(),
        new Choose());
  }

  /** The line {@code i} of {@code /test long}: numbered, so tests can check none is lost. */
  static String line(int i) {
    return String.format("key:%05d  %s", i, "x".repeat(50));
  }

  /** {@code /test long lines:N [millis:M]}: N numbered lines of text, after M ms if given. */
  static final class LongReport implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of(
          "test long",
          "a long report",
          Roles.VIEWER,
          OptionSpec.integer("lines", "how many", true, 0, 100_000),
          OptionSpec.integer("millis", "how long to think first", false, 0, 3_600_000));
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      int n = Integer.parseInt(request.requireOption("lines"));
      long millis = request.option("millis").map(Long::parseLong).orElse(0L);
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String text =
          IntStream.range(0, n).mapToObj(TestCommands::line).collect(Collectors.joining("\n"));
      return Reply.builder("Report of " + n + " lines").text(text).field("Lines", "" + n).build();
    }
  }

  /** {@code /test buttons}: two buttons that run the hidden {@code /test pressed}. */
  static final class Buttons implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of("test buttons", "offers buttons", Roles.VIEWER);
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      return Reply.builder("Choose")
          .button("Acknowledge", Button.Style.PRIMARY, Action.of("test pressed", "choice", "ack"))
          .button("Escalate", Button.Style.DANGER, Action.of("test pressed", "choice", "escalate"))
          .build();
    }
  }

  /**
   * Hidden {@code /test pressed choice:X [note:] [reason:]}: behind the buttons and the choice
   * form; needs operator.
   */
  static final class Pressed implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.hidden(
          "test pressed",
          Roles.OPERATOR,
          OptionSpec.text("choice", "", true),
          OptionSpec.text("note", "", false),
          OptionSpec.text("reason", "", false));
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      String extra =
          request.option("note").map(n -> " (" + n + ")").orElse("")
              + request.option("reason").map(r -> ": " + r).orElse("");
      return Reply.builder("Pressed: " + request.requireOption("choice"))
          .text("by " + request.actor().name() + " in " + request.place().channelId() + extra)
          .severity(Severity.OK)
          .build();
    }
  }

  /**
   * {@code /test slow millis:N private:B silent:B}: reports progress every 200 ms while it sleeps,
   * unless silent.
   */
  static final class Slow implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of(
          "test slow",
          "takes its time",
          Roles.VIEWER,
          OptionSpec.integer("millis", "how long", true, 0, 3_600_000),
          new OptionSpec(
              "private", "answer privately", OptionSpec.Type.BOOLEAN, false, List.of(), false),
          new OptionSpec(
              "silent", "no progress", OptionSpec.Type.BOOLEAN, false, List.of(), false));
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      long millis = Long.parseLong(request.requireOption("millis"));
      boolean silent = request.option("silent").map(Boolean::parseBoolean).orElse(false);
      long end = System.nanoTime() + millis * 1_000_000;
      int step = 0;
      while (System.nanoTime() < end) {
        if (step > 0 && !silent) {
          progress.update(Reply.builder("Working… step " + step).build());
        }
        step++;
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      boolean quiet = request.option("private").map(Boolean::parseBoolean).orElse(false);
      return Reply.builder("Done after " + step + " steps").ephemeral(quiet).build();
    }
  }

  /** {@code /test page text:T}: echoes T and asks for the on-call engineer. */
  static final class Page implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of(
          "test page", "pages on-call", Roles.VIEWER, OptionSpec.text("text", "what to say", true));
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      return Reply.builder("Paging on-call")
          .text(request.requireOption("text"))
          .severity(Severity.CRITICAL)
          .pingOnCall(true)
          .build();
    }
  }

  /** {@code /test who user:@X}: names X and mentions them. */
  static final class Who implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of(
          "test who", "mentions someone", Roles.VIEWER, OptionSpec.user("user", "who", true));
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      UserRef who = UserRef.parse(request.requireOption("user"));
      return Reply.builder("Over to " + who.name())
          .text("@everyone look")
          .mention(who.id())
          .build();
    }
  }

  /**
   * {@code /test ask [millis:N]}: a form to fill in, submitted to {@code /test page}; with millis,
   * it takes that long first (so the answer has to be deferred), and the form reopens without.
   */
  static final class Ask implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of(
          "test ask",
          "asks for details",
          Roles.VIEWER,
          OptionSpec.integer("millis", "how long to think first", false, 0, 3_600_000));
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      long millis = request.option("millis").map(Long::parseLong).orElse(0L);
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      var form =
          new Form(
              "Page on-call",
              "test page",
              Map.of(),
              List.of(FormField.paragraph("text", "What to say", "Redis is down", 500)),
              Action.of("test ask"));
      return Reply.builder("Details needed")
          .text("Say what on-call should know.")
          .form(form)
          .build();
    }
  }

  /**
   * {@code /test choose}: a form with a choice, submitted to {@code /test pressed} (which needs the
   * operator role) with a fixed option the form does not show.
   */
  static final class Choose implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.of("test choose", "asks for a choice", Roles.VIEWER);
    }

    @Override
    public Reply handle(Request request, Progress progress) {
      var form =
          new Form(
              "Choose an answer",
              "test pressed",
              Map.of("note", "from the form"),
              List.of(
                  FormField.choice("choice", "Answer", "ack", List.of("ack", "escalate", "wait")),
                  FormField.line("reason", "Why (optional)", "", 100)),
              Action.of("test choose"));
      return Reply.builder("Choose").form(form).ephemeral(true).build();
    }
  }
}
