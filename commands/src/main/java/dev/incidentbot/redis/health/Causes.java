package dev.incidentbot.redis.health;

import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.SentinelView;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names the cause of what a health check found, and the next steps that follow from it: the failure
 * that stopped the check (LOADING, BUSY, a pause, maxclients), else the findings, most urgent first
 * (persistence, paused writes, writes failing on OOM, a replica without its master, stalls, an
 * eviction storm, too many clients, replication). Pure: no I/O.
 */
public final class Causes {
  private Causes() {}

  /**
   * The cause for a report.
   *
   * @param target the target as checked (its name and address name the server in sentences)
   * @param info the INFO at the end of the window, null when the server did not answer it
   * @param window what the window saw, null when there was none
   */
  public static Cause of(
      Target target,
      Optional<RedisProblem> problem,
      InfoSnapshot info,
      Window window,
      List<Finding> findings) {
    // Long on purpose: the runbooks' decision tree in order (A-E, causes before symptoms); split,
    // the order that decides would be hidden.
    String who = target.describe();
    if (problem.isPresent()) {
      Cause c = fromProblem(target, problem.get(), info);
      if (c != null) {
        return c;
      }
    }
    if (info == null) {
      return Cause.generic(HealthEvaluator.scenario(problem, findings), problemText(problem));
    }
    if (info.number("loading", 0) == 1) {
      return loading(who + " is loading its dataset into memory.", info);
    }
    if ("err".equals(info.text("aof_last_write_status", "ok"))) {
      return aofWriteFailed(who);
    }
    if (crit(findings, "persistence")) {
      return new Cause(
          Cause.Kind.SAVE_FAILED,
          Scenario.PERSISTENCE,
          "D: saving to disk fails",
          who
              + " cannot save to disk: "
              + finding(findings, "persistence").map(Finding::measured).orElse("")
              + ".",
          Scenario.PERSISTENCE.nextSteps());
    }
    if (paused(info, window)) {
      return pausedWrites(who, info, window);
    }
    Cause oom = outOfMemory(who, info, window, findings, false);
    if (oom != null) {
      return oom;
    }
    if ("slave".equals(info.text("role", ""))
        && !"up".equals(info.text("master_link_status", "up"))) {
      var loop = finding(findings, "master's resyncs");
      if (loop.isPresent()) {
        return replicaResyncLoop(who, loop.get());
      }
      return masterGone(who, info);
    }
    if (crit(findings, "latency") || crit(findings, "commands")) {
      Cause slow = slow(who, window, findings);
      if (slow.kind() == Cause.Kind.STALLS && crit(findings, "evictions")) {
        // no slow command explains the stalls, and the server evicts on every write: that is it
        return evicting(who, info, window);
      }
      if (slow.kind() == Cause.Kind.STALLS && resyncLoop(info, window, findings)) {
        // the stalls are the forks of one full sync after another: the loop is the cause
        return resyncLoop(who, info, window, findings);
      }
      return slow;
    }
    if (crit(findings, "evictions")) {
      return evicting(who, info, window);
    }
    if (crit(findings, "rejected connections")) {
      return maxclients(
          who
              + " is refusing connections: "
              + finding(findings, "rejected connections").orElseThrow().measured()
              + ".");
    }
    if (crit(findings, "clients")) {
      return tooManyClients(who, findings);
    }
    if (crit(findings, "replication")) {
      return replication(who, info, findings);
    }
    long lag = worstReplicaLag(info);
    if (lag > target.thresholds().replicationLagSeconds()) {
      return lagging(who, lag, findings);
    }
    if (resyncLoop(info, window, findings)) {
      return resyncLoop(who, info, window, findings);
    }
    if (crit(findings, "memory")) {
      return Cause.generic(
          Scenario.OUT_OF_MEMORY,
          who
              + " is near its memory limit: "
              + finding(findings, "memory").orElseThrow().measured()
              + ".");
    }
    if (finding(findings, "fragmentation").map(f -> f.level() != Level.OK).orElse(false)) {
      return fragmented(who, finding(findings, "fragmentation").orElseThrow());
    }
    Scenario fallback = HealthEvaluator.scenario(problem, findings);
    if (fallback != Scenario.HEALTHY) {
      return Cause.generic(fallback, problemText(problem));
    }
    return new Cause(
        Cause.Kind.HEALTHY,
        Scenario.HEALTHY,
        Scenario.HEALTHY.label(),
        who
            + " answers normally"
            + (window != null ? " over the " + window.lengthText() + " window" : "")
            + ".",
        Scenario.HEALTHY.nextSteps());
  }

  private static String problemText(Optional<RedisProblem> problem) {
    return problem.map(RedisProblem::message).orElse("");
  }

  private static Cause fromProblem(Target target, RedisProblem p, InfoSnapshot info) {
    String who = target.describe();
    return switch (p.kind()) {
      case AUTH, NOT_REDIS -> null; // the report's own steps (credentials, address)
      case REFUSED, DROPPED, CONNECT_TIMEOUT, UNKNOWN_HOST -> down(target, p);
      case LOADING -> loading(p.message(), info);
      case MISCONF ->
          info != null && "err".equals(info.text("aof_last_write_status", "ok"))
              ? aofWriteFailed(who)
              : new Cause(
                  Cause.Kind.SAVE_FAILED,
                  Scenario.PERSISTENCE,
                  "D: saving to disk fails (MISCONF)",
                  p.message(),
                  Scenario.PERSISTENCE.nextSteps());
      case OOM -> outOfMemory(who, info == null ? new InfoSnapshot() : info, null, List.of(), true);
      case BUSY -> busy(p);
      case PAUSED -> pausedAll(p);
      case MAXCLIENTS -> maxclients(p.message());
      case TIMEOUT ->
          new Cause(
              Cause.Kind.NO_ANSWER,
              Scenario.SLOW,
              "C: no answer",
              p.message(),
              List.of(
                  "It cannot be asked while it is blocked: /redis health again in a few seconds."
                      + " If it stays silent, look at the host: redis-server at 100 % CPU is a"
                      + " long command or script; idle, a CLIENT PAUSE; swapping or a starved VM,"
                      + " the host.",
                  "Once it answers: /redis slowlog and /redis latency show what blocked it.",
                  "If it never comes back, restart it (a configured runbook script) or fail over"
                      + " to a replica where Sentinel or Cluster runs it."));
      case READONLY, OTHER -> null;
    };
  }

  private static Cause aofWriteFailed(String who) {
    return new Cause(
        Cause.Kind.AOF_WRITE_FAILED,
        Scenario.PERSISTENCE,
        "D: AOF writes failing",
        who
            + " cannot write its append-only file (aof_last_write_status:err): it refuses writes"
            + " (MISCONF) until the disk accepts them again.",
        List.of(
            "Free or fix the disk of the data directory (df -h; the Redis log names the error: no"
                + " space left, read-only file system, I/O error). Redis retries every second and"
                + " accepts writes again by itself once a write succeeds.",
            "Then check that writes work (/redis health) and that the AOF is sound"
                + " (/redis persist op:bgrewriteaof if it grew while failing).",
            "Do not restart Redis before the disk is fixed: it would start from an AOF that lacks"
                + " what it could not write."));
  }

  static Cause down(Target target, RedisProblem p) {
    var steps = new ArrayList<String>();
    steps.addAll(Scenario.UNREACHABLE.nextSteps());
    if (target.mode() == Mode.STANDALONE) {
      steps.replaceAll(
          s ->
              s.startsWith("Restart Redis")
                  ? "Restart Redis (a configured runbook script); a standalone target has no"
                      + " replica the bot can promote."
                  : s);
    }
    String sentence = p.message();
    if (target.mode() == Mode.CLUSTER) {
      sentence +=
          " The slots it serves have no primary: commands on their keys fail (CLUSTERDOWN) until"
              + " it is back or one of its replicas is promoted.";
    }
    return new Cause(
        Cause.Kind.DOWN, Scenario.UNREACHABLE, Scenario.UNREACHABLE.label(), sentence, steps);
  }

  private static Cause loading(String sentence, InfoSnapshot info) {
    String eta = "";
    if (info != null) {
      long seconds = info.number("loading_eta_seconds", -1);
      if (seconds >= 0) {
        eta =
            " about " + Durations.format(Duration.ofSeconds(seconds)) + " left by its own estimate";
      }
      long loaded = info.number("loading_loaded_perc", -1);
      var perc = info.decimal("loading_loaded_perc");
      if (loaded >= 0 || perc.isPresent()) {
        eta +=
            (eta.isEmpty() ? " " : ", ")
                + String.format(Locale.ROOT, "%.0f %% loaded", perc.orElse(loaded));
      }
    }
    return new Cause(
        Cause.Kind.LOADING,
        Scenario.PERSISTENCE,
        "D: loading its dataset",
        sentence + (eta.isEmpty() ? "" : " It is" + eta + "."),
        List.of(
            "Wait for the load to finish"
                + (eta.isEmpty() ? "" : " (" + eta.strip() + ")")
                + ": it answers again by itself. Do not restart it — a restart starts the load"
                + " over.",
            "Watch it: /redis health again in a minute (the estimate should drop). If the load"
                + " fails, the Redis log says why (a truncated AOF or RDB).",
            "If clients cannot wait, send them to a replica that is in sync (/redis topology)."));
  }

  private static Cause busy(RedisProblem p) {
    boolean function = p.message().contains("function");
    String kill = function ? "FUNCTION KILL" : "SCRIPT KILL";
    return new Cause(
        function ? Cause.Kind.BUSY_FUNCTION : Cause.Kind.BUSY_SCRIPT,
        Scenario.SLOW,
        "C: blocked by a " + (function ? "function" : "script") + " (BUSY)",
        p.message(),
        List.of(
            "Stop it: /redis script-kill runs " + kill + " after confirmation.",
            "If it answers UNKILLABLE, the "
                + (function ? "function" : "script")
                + " has already written data and only SHUTDOWN NOSAVE ends it, losing every write"
                + " since the last save: a last resort, by hand (redis-cli SHUTDOWN NOSAVE), never"
                + " a button.",
            "Find the "
                + (function ? "function (FCALL)" : "script (EVAL/EVALSHA)")
                + " in the application and fix its loop before it runs again; /redis slowlog"
                + " once the server answers."));
  }

  private static Cause pausedAll(RedisProblem p) {
    return new Cause(
        Cause.Kind.PAUSED_ALL,
        Scenario.SLOW,
        "C: paused (CLIENT PAUSE)",
        p.message(),
        List.of(
            "A pause ends by itself at its timeout; while it lasts even CLIENT UNPAUSE from a"
                + " normal connection waits (Redis 7.0), so wait, then /redis health again.",
            "Find who paused it: a failover (Sentinel, CLUSTER FAILOVER, FAILOVER) pauses clients"
                + " for a moment; a long or repeated pause is a tool or a person (the Redis log,"
                + " your deploy and migration tools).",
            "If it is paused again and again, stop the tool that does it."));
  }

  private static boolean paused(InfoSnapshot info, Window window) {
    String actions = info.text("paused_actions", "none");
    if (!actions.isBlank() && !"none".equals(actions)) {
      return true;
    }
    String reason = info.text("paused_reason", "none");
    if (!reason.isBlank() && !"none".equals(reason)) {
      return true;
    }
    return window != null
        && window.writes() == Window.WriteProbe.HELD
        && window.unanswered() == 0
        && window.quantile(0.5) < 100;
  }

  private static Cause pausedWrites(String who, InfoSnapshot info, Window window) {
    String evidence =
        info.get("paused_actions").isPresent()
                && !"none".equals(info.text("paused_actions", "none"))
            ? "INFO says paused_actions:" + info.text("paused_actions", "")
            : "a write-path probe got no answer in "
                + (window == null ? "the window" : window.lengthText())
                + " while reads answered";
    return new Cause(
        Cause.Kind.PAUSED_WRITES,
        Scenario.SLOW,
        "C: writes paused (CLIENT PAUSE WRITE)",
        who
            + " answers reads but holds every write: a CLIENT PAUSE WRITE is in effect ("
            + evidence
            + "). Applications' writes hang until it ends.",
        List.of(
            "If nobody is failing over or migrating on purpose, end it: /redis client-unpause runs"
                + " CLIENT UNPAUSE after confirmation.",
            "Find who paused it: a failover or a migration tool pauses writes while it switches;"
                + " the Redis log and your tools' logs say which.",
            "/redis health again: the write probe answers once writes flow."));
  }

  private static Cause outOfMemory(
      String who, InfoSnapshot info, Window window, List<Finding> findings, boolean refused) {
    String policy = info.text("maxmemory_policy", "?");
    long oomNow = window == null ? 0 : window.errors("OOM");
    long max = info.number("maxmemory", 0);
    boolean full = "noeviction".equals(policy) && max > 0 && info.number("used_memory", 0) >= max;
    boolean refusing = oomNow > 0 || crit(findings, "oom errors");
    if (!full && !refusing && !refused) {
      return null;
    }
    String usage =
        info.number("maxmemory", 0) > 0
            ? Bytes.format(info.number("used_memory", 0))
                + " used of maxmemory "
                + Bytes.format(info.number("maxmemory", 0))
                + ", policy "
                + policy
            : "used memory above maxmemory";
    String now =
        window == null
            ? "writes fail with OOM."
            : oomNow > 0
                ? "writes are failing now: "
                    + Counts.of(oomNow, "OOM error", "OOM errors")
                    + " in the last "
                    + window.lengthText()
                    + "."
                : "any write that needs memory fails with OOM (none was tried in the last "
                    + window.lengthText()
                    + ").";
    return new Cause(
        Cause.Kind.OUT_OF_MEMORY,
        Scenario.OUT_OF_MEMORY,
        "B: out of memory — writes failing",
        who + " is full (" + usage + "): " + now,
        List.of(
            "Free memory now: /redis purge pattern:cache:* (also rl:*, cb:*) for caches you can"
                + " rebuild, /redis trim queue:<name> state:completed for old jobs.",
            "Find what grew: /redis memory and /redis bigkeys.",
            "Give it room if the host has it: /redis set-maxmemory. Only a pure cache should"
                + " evict instead (/redis set-policy allkeys-lru): never queues or sessions."));
  }

  private static Cause evicting(String who, InfoSnapshot info, Window window) {
    String policy = info.text("maxmemory_policy", "?");
    String rate =
        window == null
            ? Counts.format(info.number("evicted_keys", 0)) + " keys evicted since start"
            : Counts.format(Math.round(window.rate("evicted_keys")))
                + " keys/s evicted in the last "
                + window.lengthText()
                + WindowFindings.hitRatio(window).map(r -> ", hit ratio " + r).orElse("");
    return new Cause(
        Cause.Kind.EVICTING,
        Scenario.OUT_OF_MEMORY,
        "B: memory full, evicting",
        who
            + " is at maxmemory and evicting keys to stay under it (policy "
            + policy
            + "): "
            + rate
            + ". Writes succeed, but data is thrown out as fast as it comes in.",
        List.of(
            "The working set does not fit: give it capacity — raise maxmemory if the host has"
                + " room (/redis set-maxmemory), or move to a bigger instance or more shards.",
            "Find what takes the space: /redis memory and /redis bigkeys; keys without a TTL"
                + " that nobody reads are the first to shorten or delete.",
            "Data that must not be evicted (queues, sessions, locks) does not belong in an"
                + " evicting instance: move it before it is lost."));
  }

  private static Cause slow(String who, Window window, List<Finding> findings) {
    String latency = finding(findings, "latency").map(Finding::measured).orElse("");
    Optional<Window.CommandCost> top = blockingCommand(window);
    if (top.isEmpty()) {
      Optional<String> explanation =
          window == null
              ? Optional.empty()
              : WindowFindings.explanation(window, Thresholds.DEFAULTS);
      return SlowWording.stalls(who, latency, explanation);
    }
    return SlowWording.blockedBy(
        who, top.get(), percentOfWindow(top.get(), window), window.lengthText(), latency);
  }

  /** The costliest command of the window, when its calls took 1 ms or more each. */
  private static Optional<Window.CommandCost> blockingCommand(Window window) {
    if (window == null) {
      return Optional.empty();
    }
    return window.commandCosts().stream().findFirst().filter(c -> c.msPerCall() >= 1);
  }

  /** How much of the window, in percent (at most 100), went to {@code command}. */
  private static double percentOfWindow(Window.CommandCost command, Window window) {
    return Math.min(
        100, command.usec() * 100.0 / Math.max(1.0, window.elapsed().toNanos() / 1000.0));
  }

  static Cause maxclients(String sentence) {
    return new Cause(
        Cause.Kind.MAXCLIENTS,
        Scenario.SLOW,
        "C: maxclients reached",
        sentence,
        List.of(
            "Free connections: /redis kill-clients idle-over:300s disconnects idle ones (the bot"
                + " may not get in either while every slot is taken: use an existing session, or"
                + " raise maxclients with CONFIG SET maxclients from one).",
            "Find who opens them: /redis clients groups them by address and name; a client"
                + " pool without a limit or a leak after a deploy is the usual cause.",
            "Raise maxclients (and the host's file limit) only when the load is real."));
  }

  private static Cause tooManyClients(String who, List<Finding> findings) {
    String measured = finding(findings, "clients").orElseThrow().measured();
    boolean blocked = measured.contains("blocked");
    return new Cause(
        Cause.Kind.TOO_MANY_CLIENTS,
        Scenario.SLOW,
        blocked ? "C: clients piling up, blocked" : "C: too many clients",
        who
            + " has too many connections: "
            + measured
            + (blocked
                ? ". Blocked clients wait on BLPOP/BRPOP/XREAD/WAIT for data that does not come:"
                    + " their producers stopped, or consumers pile up."
                : "."),
        List.of(
            blocked
                ? "See what they wait on: /redis clients (cmd and idle time); restart the producer"
                    + " that should feed them, or stop the consumers that pile up."
                : "See who holds them: /redis clients; disconnect idle ones with /redis"
                    + " kill-clients idle-over:300s.",
            "Fix the client pool: a maximum size and an idle timeout on the application side.",
            "Raise maxclients only when the load is real."));
  }

  private static Cause masterGone(String who, InfoSnapshot info) {
    String master = info.text("master_host", "?") + ":" + info.text("master_port", "?");
    long down = info.number("master_link_down_since_seconds", -1);
    boolean syncing = info.number("master_sync_in_progress", 0) == 1;
    return new Cause(
        Cause.Kind.MASTER_GONE,
        Scenario.REPLICATION,
        syncing ? "E: replica syncing with its master" : "E: replica lost its master",
        who
            + " is a replica whose link to its master "
            + master
            + " is down"
            + (down >= 0 ? " (for " + Durations.format(Duration.ofSeconds(down)) + ")" : "")
            + (syncing
                ? ": it is syncing (a full resync in progress)."
                : ": it serves data that gets older every second, and writes have nowhere to go.")
            + "",
        List.of(
            "Check the master "
                + master
                + ": /redis health on it, its process and log. If it answers, the replica's log"
                + " says why the link fails (auth, network, output buffer limit).",
            "If the master is lost for good, promote a replica: /redis failover where Sentinel or"
                + " Cluster runs it, otherwise REPLICAOF NO ONE on this one and point clients at"
                + " it.",
            "Once a master is back, check that this replica's link is up again: /redis"
                + " topology."));
  }

  private static Cause replication(String who, InfoSnapshot info, List<Finding> findings) {
    String measured = finding(findings, "replication").orElseThrow().measured();
    return new Cause(
        Cause.Kind.REPLICAS_GONE,
        Scenario.REPLICATION,
        "E: no replica in sync",
        who
            + " has no replica left in sync: "
            + measured
            + ". A failover now has nothing to promote.",
        List.of(
            "Bring the replicas back: check their processes and logs, /redis topology.",
            "Until one is back in sync, do not fail over and keep the master's persistence"
                + " on: it holds the only copy.",
            "If a replica reconnects and drops again, check client-output-buffer-limit replica"
                + " and repl-backlog-size against the write rate."));
  }

  /**
   * Full resyncs again and again: two or more in the window; one in the window while a replica is
   * not online (or none is connected: cut again) or a client was cut at its output buffer limit; or
   * none in a short window, but a replica syncing again now after several since start. One new
   * replica's first sync, which ends online, is none of these.
   */
  private static boolean resyncLoop(InfoSnapshot info, Window window, List<Finding> findings) {
    long inWindow = window == null ? 0 : window.delta("sync_full");
    long cut = window == null ? 0 : window.delta("client_output_buffer_limit_disconnections");
    boolean notOnline =
        finding(findings, "replication").map(f -> f.level() != Level.OK).orElse(false);
    if (inWindow >= 2) {
      return true;
    }
    if (inWindow == 1) {
      return notOnline || cut > 0 || info.number("connected_slaves", 0) == 0;
    }
    return notOnline
        && syncingNow(info)
        && info.number("sync_full", 0) >= 3 + info.number("connected_slaves", 0);
  }

  /** Whether a replica the master lists is in a full sync now (wait_bgsave, send_bulk). */
  private static boolean syncingNow(InfoSnapshot info) {
    long n = info.number("connected_slaves", 0);
    for (int i = 0; i < n; i++) {
      String line = info.text("slave" + i, "");
      if (line.contains("state=wait_bgsave") || line.contains("state=send_bulk")) {
        return true;
      }
    }
    return false;
  }

  /** The worst {@code lag=} of the replicas a master lists, in seconds (0 without replicas). */
  static long worstReplicaLag(InfoSnapshot info) {
    long worst = 0;
    long n = info.number("connected_slaves", 0);
    for (int i = 0; i < n; i++) {
      for (String part : info.text("slave" + i, "").split(",")) {
        if (part.startsWith("lag=")) {
          try {
            worst = Math.max(worst, Long.parseLong(part.substring(4)));
          } catch (NumberFormatException e) {
            // not a number: not judged
          }
        }
      }
    }
    return worst;
  }

  private static Cause lagging(String who, long lag, List<Finding> findings) {
    return new Cause(
        Cause.Kind.REPLICA_LAGGING,
        Scenario.REPLICATION,
        "E: replica lagging",
        who
            + " has a replica "
            + lag
            + " s behind (no acknowledgement for "
            + lag
            + " s): "
            + finding(findings, "replication").map(Finding::measured).orElse("")
            + ". Reads from it are stale, and a failover to it would lose writes.",
        List.of(
            "Look at the lagging replica: /redis health on it, its host (CPU, network, a stopped"
                + " or swapping process) and its log.",
            "Keep readers that need fresh data on the master until it catches up; do not fail"
                + " over to it.",
            "If it lags under write load, check the network between them and"
                + " client-output-buffer-limit replica / repl-backlog-size."));
  }

  private static Cause resyncLoop(
      String who, InfoSnapshot info, Window window, List<Finding> findings) {
    long inWindow = window == null ? 0 : window.delta("sync_full");
    long cut = window == null ? 0 : window.delta("client_output_buffer_limit_disconnections");
    String evidence;
    if (inWindow > 0) {
      evidence =
          Counts.of(inWindow, "full resync", "full resyncs")
              + (cut > 0
                  ? " and "
                      + Counts.of(
                          cut,
                          "client cut at its output buffer limit",
                          "clients cut at their output buffer limit")
                  : "")
              + " in the last "
              + window.lengthText();
    } else {
      evidence =
          "a replica is in a full sync again, after "
              + Counts.of(info.number("sync_full", 0), "full resync", "full resyncs")
              + " since it started "
              + Durations.format(Duration.ofSeconds(info.number("uptime_in_seconds", 0)))
              + " ago (none finished in the last "
              + (window == null ? "look" : window.lengthText())
              + ")";
    }
    String replicas =
        finding(findings, "replication")
            .map(f -> "; " + f.measured())
            .orElse("; no replica connected at the end of the window (cut again)");
    return new Cause(
        Cause.Kind.RESYNC_LOOP,
        Scenario.REPLICATION,
        "E: full-resync loop",
        who
            + " is in a full-resync loop: "
            + evidence
            + replicas
            + ". Each sync is cut before it finishes, so the replica never catches up.",
        List.of(
            "Raise client-output-buffer-limit replica (the replica is cut when the writes"
                + " waiting for it pass the limit while it receives the RDB, and starts over) and"
                + " repl-backlog-size, so a sync can finish under this write rate: CONFIG SET"
                + " client-output-buffer-limit \"replica 256mb 64mb 60\" on the master.",
            "Check the master's log for \"scheduled to be closed ASAP for overcoming of output"
                + " buffer limits\" and the replica's for \"MASTER aborted replication\" or a"
                + " timeout (repl-timeout).",
            "Until it catches up, the replica serves nothing useful: keep readers on the"
                + " master."));
  }

  private static Cause replicaResyncLoop(String who, Finding masterSays) {
    return new Cause(
        Cause.Kind.RESYNC_LOOP,
        Scenario.REPLICATION,
        "E: replica in a full-resync loop",
        who
            + " is in a full-resync loop: its link to its master is down, and "
            + masterSays.measured()
            + ". Each sync is cut before it finishes, so it never catches up.",
        List.of(
            "Raise client-output-buffer-limit replica on the master (it cuts this replica when"
                + " the writes waiting for it pass the limit during the sync, and the sync starts"
                + " over) and repl-backlog-size, so a sync can finish under this write rate:"
                + " CONFIG SET client-output-buffer-limit \"replica 256mb 64mb 60\".",
            "Check the master's log for \"scheduled to be closed ASAP for overcoming of output"
                + " buffer limits\" and this replica's for \"MASTER aborted replication\" or a"
                + " timeout (repl-timeout).",
            "Until it catches up it serves nothing useful: keep readers on the master."));
  }

  private static Cause fragmented(String who, Finding finding) {
    return new Cause(
        Cause.Kind.FRAGMENTED,
        Scenario.SLOW,
        "C: memory fragmented",
        who
            + " has fragmented memory: "
            + finding.measured()
            + ". The process holds memory its data no longer uses.",
        List.of(
            "/redis memory-purge asks the allocator (jemalloc) to return its free pages (MEMORY"
                + " PURGE): data untouched; /redis health again to see the ratio drop.",
            "If it stays high, turn on active defragmentation: CONFIG SET activedefrag yes (it"
                + " costs CPU while it works, bounded by active-defrag-cycle-max).",
            "If neither helps, restart it in a maintenance window (fail over to a replica first"
                + " where one runs): a restart loads the data compactly."));
  }

  /** A Sentinel target whose master does not answer, while Sentinel handles it. */
  public static Cause failover(Target target, RedisProblem p, SentinelView view) {
    String state =
        view.failoverState().isBlank() || "none".equals(view.failoverState())
            ? (view.masterDown()
                ? "Sentinel sees it down (" + view.masterFlags() + ") and will fail over"
                : "Sentinel has not flagged it yet (down-after-milliseconds) and will fail over"
                    + " once it does")
            : "Sentinel is failing over (" + view.failoverState() + ")";
    long inSync = view.replicas().stream().filter(r -> !r.downPerSentinel()).count();
    return new Cause(
        Cause.Kind.FAILOVER,
        Scenario.REPLICATION,
        "E: master down, Sentinel failing over",
        p.message()
            + " "
            + state
            + " to one of "
            + Counts.of(inSync, "replica", "replicas")
            + " it sees up.",
        List.of(
            "Let Sentinel finish: do not fail over by hand, it would race Sentinel's own"
                + " failover. Watch /redis topology until Sentinel names a new master (usually"
                + " within down-after-milliseconds plus a few seconds).",
            "Meanwhile find why the master died: its host, process and log (OOM killer, disk,"
                + " crash).",
            "Once a new master is named: /redis health again, and check that clients that do not"
                + " ask Sentinel follow the new address."));
  }

  private static boolean crit(List<Finding> findings, String check) {
    return findings.stream().anyMatch(f -> f.check().equals(check) && f.level() == Level.CRIT);
  }

  private static Optional<Finding> finding(List<Finding> findings, String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst();
  }
}
