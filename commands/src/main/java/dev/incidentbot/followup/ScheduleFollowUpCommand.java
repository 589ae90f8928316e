package dev.incidentbot.followup;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReport;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * {@code /followup schedule [target] in:10m} or {@code every:5m for:30m}: checks of a target later,
 * posted here and compared with its health now. Durations are checked with clear errors: a bad
 * value, both or neither of in/every, a schedule more frequent than configured, or one too long.
 */
public final class ScheduleFollowUpCommand implements Command {
  /** The longest a one-off check may wait, and a repeating one may last. */
  static final Duration MAX_WAIT = Duration.ofDays(7);

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final Targets targets;
  private final HealthCheck health;
  private final FollowUps followUps;
  private final FollowUpSettings settings;
  private final Clock clock;

  public ScheduleFollowUpCommand(
      Targets targets,
      HealthCheck health,
      FollowUps followUps,
      FollowUpSettings settings,
      Clock clock) {
    this.targets = targets;
    this.health = health;
    this.followUps = followUps;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "followup schedule",
        "check a target later (in:10m) or repeatedly (every:5m for:30m), posted here",
        Roles.OPERATOR,
        OptionSpec.target(false),
        OptionSpec.text("in", "check once after this long, like 10m", false),
        OptionSpec.text("every", "check repeatedly at this interval, like 5m", false),
        OptionSpec.text("for", "how long to repeat, like 30m (with every)", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Optional<String> in = request.option("in");
    Optional<String> every = request.option("every");
    Optional<String> window = request.option("for");
    if (in.isPresent() == every.isPresent()) {
      throw new UserFacingException(
          in.isPresent()
              ? "Use either in: (one check) or every: (repeated checks), not both."
              : "When? Add in:10m for one check, or every:5m for:30m for repeated checks.");
    }
    if (in.isPresent() && window.isPresent()) {
      throw new UserFacingException("for: goes with every:, not with in:.");
    }
    Target target = targets.require(request.option("target"));
    String subject = "/followup by " + request.actor().name();
    return in.isPresent()
        ? once(request, target, in.get(), subject)
        : repeating(request, target, every.get(), window, subject);
  }

  /** {@code in:}: one check after a while. */
  private Reply once(Request request, Target target, String in, String subject) {
    Duration wait = duration("in", in);
    if (wait.compareTo(MAX_WAIT) > 0) {
      throw new UserFacingException(
          "in:" + in + " is too far ahead; at most " + Durations.format(MAX_WAIT) + ".");
    }
    HealthReport now = health.check(target);
    String id = followUps.once(target, request.place(), wait, subject, now);
    return Reply.builder("Check of " + target.name() + " scheduled")
        .text(
            "In "
                + Durations.format(wait)
                + " ("
                + TIME.format(clock.instant().plus(wait))
                + "), posted here and compared with now.")
        .field("Id", id + " · /followup cancel id:" + id)
        .build();
  }

  /** {@code every: for:}: repeated checks over a window. */
  private Reply repeating(
      Request request, Target target, String every, Optional<String> window, String subject) {
    Duration step = duration("every", every);
    if (step.compareTo(settings.minInterval()) < 0) {
      throw new UserFacingException(
          "every:"
              + every
              + " is too frequent; the minimum is "
              + Durations.format(settings.minInterval())
              + " (followUps.minInterval in the config).");
    }
    if (window.isEmpty()) {
      throw new UserFacingException("every:" + every + " needs for:<how long>, like for:30m.");
    }
    Duration span = duration("for", window.get());
    if (span.compareTo(step) < 0) {
      throw new UserFacingException(
          "for:" + window.get() + " is shorter than every:" + every + "; nothing would run.");
    }
    if (span.compareTo(MAX_WAIT) > 0) {
      throw new UserFacingException(
          "for:"
              + window.get()
              + " is too long; at most "
              + Durations.format(MAX_WAIT)
              + ". For lasting checks configure a routine check.");
    }
    HealthReport now = health.check(target);
    String id = followUps.every(target, request.place(), step, span, subject, now);
    long runs = span.toMillis() / step.toMillis();
    return Reply.builder("Checks of " + target.name() + " scheduled")
        .text(
            "Every "
                + Durations.format(step)
                + " for "
                + Durations.format(span)
                + " ("
                + Counts.of(runs, "check", "checks")
                + ", the first at "
                + TIME.format(clock.instant().plus(step))
                + "), posted here and compared with now.")
        .field("Id", id + " · /followup cancel id:" + id)
        .build();
  }

  private static Duration duration(String option, String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(option + ": " + e.getMessage() + ".");
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new UserFacingException(
          option + ":" + text + " is less than a second; use at least 1s.");
    }
    return d;
  }
}
