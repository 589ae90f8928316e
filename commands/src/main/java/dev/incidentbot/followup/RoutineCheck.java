package dev.incidentbot.followup;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.schedule.JobState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * Runs {@value #TYPE} jobs, the runbooks' prevention checklist on a cron per target: memory under
 * its warning threshold (70 % by default), persistence OK (RDB saves, AOF writes and rewrites), the
 * age of the last save while changes wait, fragmentation, slowlog growth since the previous routine
 * check, and connected clients. Posts a digest to the ops channel only when something is off, and a
 * one-line "all clear" only when configured to.
 *
 * <p>The slowlog position of the previous run lives in {@link JobState} under the job's id. Called
 * on a scheduler thread; blocks up to twice the target's timeout. Read-only.
 */
public final class RoutineCheck implements JobHandler {
  public static final String TYPE = "routine-check";

  /** The group routine checks are scheduled in; their ids are {@code routine-<target>}. */
  public static final String GROUP = "routine";

  static final String SLOWLOG_ID = "slowlog-id";

  private static final Logger log = LoggerFactory.getLogger(RoutineCheck.class);

  private final Targets targets;
  private final HealthCheck health;
  private final RedisNodes nodes;
  private final JobState state;
  private final Outbox outbox;
  private final FollowUpSettings settings;
  private final Clock clock;

  public RoutineCheck(
      Targets targets,
      HealthCheck health,
      RedisNodes nodes,
      JobState state,
      Outbox outbox,
      FollowUpSettings settings,
      Clock clock) {
    this.targets = targets;
    this.health = health;
    this.nodes = nodes;
    this.state = state;
    this.outbox = outbox;
    this.settings = settings;
    this.clock = clock;
  }

  /** The id of {@code target}'s routine check. */
  public static String jobId(String target) {
    return "routine-" + target;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void run(JobRun run) {
    Optional<Target> found = JobTargets.find(targets, run, outbox);
    if (found.isEmpty()) {
      return;
    }
    Target target = found.get();
    HealthReport report = health.check(target);
    List<Finding> items = checklist(target, report, run.jobId());
    long off = items.stream().filter(f -> f.level() != Level.OK).count();
    Severity severity = severity(items);
    if (off == 0 && !settings.allClear()) {
      log.info("routine check of {}: all clear ({} checks)", target.name(), items.size());
      return;
    }
    Reply.Builder reply;
    if (off == 0) {
      reply =
          Reply.builder("Routine check of " + target.name() + ": all clear")
              .severity(Severity.OK)
              .text(Counts.of(items.size(), "check", "checks") + " OK: " + names(items) + ".");
    } else {
      reply =
          Reply.builder(
                  "Routine check of "
                      + target.name()
                      + ": "
                      + off
                      + " of "
                      + items.size()
                      + " need attention")
              .severity(severity);
      report.problem().map(RedisProblem::message).ifPresent(reply::line);
      reply.code("", String.join("\n", items.stream().map(Finding::line).toList()));
    }
    run.lateNote().ifPresent(note -> reply.line("⏱ " + note + "."));
    outbox.post(outbox.place(Outbox.Channel.OPS), reply.build(), run.postKey("digest"));
    log.info("routine check of {}: {} of {} need attention", target.name(), off, items.size());
  }

  /** The prevention checklist for {@code report}, in the runbook's order. */
  List<Finding> checklist(Target target, HealthReport report, String jobId) {
    var items = new ArrayList<Finding>();
    if (report.info() == null) {
      items.add(
          new Finding(
              "reachable",
              Level.CRIT,
              report.problem().map(RedisProblem::message).orElse("no answer"),
              ""));
      return items;
    }
    report.finding("memory").ifPresent(items::add);
    items.add(persistence(report));
    items.add(lastSave(report.info()));
    report.finding("fragmentation").ifPresent(items::add);
    items.add(slowlog(target, jobId));
    report.finding("clients").ifPresent(items::add);
    return items;
  }

  private static Finding persistence(HealthReport report) {
    Level level = Level.OK;
    var parts = new ArrayList<String>();
    for (String check : List.of("persistence", "aof rewrite")) {
      Optional<Finding> f = report.finding(check);
      if (f.isPresent()) {
        level = level.compareTo(f.get().level()) >= 0 ? level : f.get().level();
        parts.add(f.get().measured());
      }
    }
    return new Finding("persistence", level, String.join("; ", parts), "saves and AOF writes ok");
  }

  private Finding lastSave(InfoSnapshot info) {
    long at = info.number("rdb_last_save_time", 0);
    long changes = info.number("rdb_changes_since_last_save", 0);
    Duration age = Duration.ofSeconds(Math.max(0, clock.instant().getEpochSecond() - at));
    String rule = "warn when changes wait longer than " + Durations.format(settings.saveAgeWarn());
    String measured =
        (at <= 0
                ? "never"
                : info.neverSaved()
                    ? "none since the start " + Durations.format(age) + " ago"
                    : Durations.format(age) + " ago")
            + ", "
            + Counts.of(changes, "change", "changes")
            + " since";
    Level level =
        changes > 0 && (at <= 0 || age.compareTo(settings.saveAgeWarn()) > 0)
            ? Level.WARN
            : Level.OK;
    return new Finding("last save", level, measured, rule);
  }

  private Finding slowlog(Target target, String jobId) {
    OptionalLong latest;
    long length;
    try (Jedis jedis = nodes.open(target)) {
      List<Slowlog> last = jedis.slowlogGet(1);
      latest = last.isEmpty() ? OptionalLong.empty() : OptionalLong.of(last.get(0).getId());
      length = jedis.slowlogLen();
    } catch (RuntimeException e) {
      return new Finding(
          "slowlog", Level.WARN, "could not read: " + RedisProblem.of(target, e).message(), "");
    }
    String rule =
        "warn > " + Counts.format(settings.slowlogGrowthWarn()) + " new entries between checks";
    Optional<Long> before = state.get(jobId, SLOWLOG_ID).map(Long::valueOf);
    long now = latest.isPresent() ? latest.getAsLong() + 1 : 0; // entries ever logged
    state.put(jobId, SLOWLOG_ID, Long.toString(now));
    if (before.isEmpty()) {
      return new Finding(
          "slowlog",
          Level.OK,
          Counts.of(length, "entry", "entries") + " kept; growth measured from now",
          rule);
    }
    long growth = now >= before.get() ? now - before.get() : now; // restarted: counting again
    Level level = growth > settings.slowlogGrowthWarn() ? Level.WARN : Level.OK;
    return new Finding(
        "slowlog",
        level,
        "+"
            + Counts.format(growth)
            + " since the previous check, "
            + Counts.format(length)
            + " kept",
        rule);
  }

  private static Severity severity(List<Finding> items) {
    Level worst = items.stream().map(Finding::level).max(Enum::compareTo).orElse(Level.OK);
    return switch (worst) {
      case CRIT -> Severity.CRITICAL;
      case WARN -> Severity.WARN;
      case OK -> Severity.OK;
    };
  }

  private static String names(List<Finding> items) {
    return String.join(", ", items.stream().map(Finding::check).toList());
  }
}
