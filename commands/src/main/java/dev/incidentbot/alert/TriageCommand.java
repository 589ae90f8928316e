package dev.incidentbot.alert;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code alert triage targets: alert: mode:} (hidden: run by alert intake as an automated request,
 * never typed): the health of the targets an alert group maps to, the scenario and its next steps,
 * and the scenario's actions as buttons ({@code mode:triage}); or, when the group resolved, whether
 * the targets are healthy again ({@code mode:verify}).
 *
 * <p>Runs on an alert worker thread; blocks up to the targets' timeout plus the health check's
 * grace.
 */
public final class TriageCommand implements Command {
  public static final String NAME = "alert triage";
  public static final String TRIAGE = "triage";
  public static final String VERIFY = "verify";

  /**
   * How old a health result another triage obtained may be for a triage to use it: in a storm the
   * groups about one Redis share a check, so a hanging Redis costs one timeout, not one per group.
   */
  static final Duration SHARED_RESULT_AGE = Duration.ofSeconds(2);

  private final Targets targets;
  private final SharedHealthChecks checks;
  private final Predicate<String> knownCommands;
  private final TriageViews views;

  /**
   * @param knownCommands whether the bot has a command of that name; only those become buttons
   */
  public TriageCommand(
      Targets targets, SharedHealthChecks checks, Predicate<String> knownCommands) {
    this(targets, checks, knownCommands, TriageViews.builtIn());
  }

  /**
   * @param knownCommands whether the bot has a command of that name; only those become buttons
   * @param views renders triage and verification (the operators' templates)
   */
  public TriageCommand(
      Targets targets,
      SharedHealthChecks checks,
      Predicate<String> knownCommands,
      TriageViews views) {
    this.views = views;
    this.targets = targets;
    this.checks = checks;
    this.knownCommands = knownCommands;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(
        NAME,
        Roles.VIEWER,
        OptionSpec.text("targets", "comma-separated target names", false),
        OptionSpec.text("alert", "the alert group's name", false),
        OptionSpec.choice("mode", "triage or verify", false, List.of(TRIAGE, VERIFY)));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    String alert = request.option("alert").orElse("alert");
    List<Target> chosen = resolve(request.option("targets"));
    boolean verify = request.option("mode").map(VERIFY::equals).orElse(false);
    if (chosen.isEmpty()) {
      return TriageReplies.noTarget(alert, targets.names());
    }
    var results = checks.checkAll(chosen, verify ? Duration.ZERO : SHARED_RESULT_AGE);
    var reports = results.stream().map(SharedHealthChecks.Result::report).toList();
    Duration oldest =
        results.stream().map(SharedHealthChecks.Result::age).max(Duration::compareTo).orElseThrow();
    return verify
        ? views.verification(alert, reports)
        : views.triage(alert, reports, oldest, SuggestedActions.forReports(reports, knownCommands));
  }

  /** A triage that found a critical target worked: counted ok, whatever it found. */
  @Override
  public boolean criticalReplyIsFailure() {
    return false;
  }

  private List<Target> resolve(Optional<String> names) {
    var chosen = new ArrayList<Target>();
    if (names.isEmpty()) {
      return chosen;
    }
    for (String name : Arrays.stream(names.get().split(",")).map(String::strip).toList()) {
      if (!name.isEmpty()) {
        chosen.add(targets.require(Optional.of(name)));
      }
    }
    return chosen;
  }
}
