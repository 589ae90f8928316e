package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.glob.GlobOverlap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

/**
 * {@code /redis purge pattern:<glob>}: removes the keys matching a pattern with SCAN MATCH COUNT
 * and UNLINK, one pipelined round trip per batch (the next SCAN travels with the previous batch's
 * UNLINK), so the server is never blocked for more than one small batch — never KEYS, never a Lua
 * loop. Protected patterns are refused unless the target allows them, overlap being decided on the
 * server's exact reading of both patterns ({@link KeyPattern}); {@code *} alone and patterns
 * without a literal prefix are refused. On a cluster: every primary, one after another, each
 * scanned and purged on its own node with one UNLINK per key (a multi-key UNLINK across slots fails
 * with CROSSSLOT even on one node), and the plan and outcome give each node's numbers and the
 * totals.
 */
public final class PurgeKeysAction implements RecoveryAction {
  /** Keys examined per SCAN call: big enough for few round trips, small enough for ≪1 ms each. */
  static final int SCAN_COUNT = 500;

  /** How long the dry run may scan before it estimates from what it saw. */
  static final long DRY_RUN_NANOS = 1_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(PurgeKeysAction.class);
  private static final byte[] START = SafeEncoder.encode(ScanParams.SCAN_POINTER_START);
  private static final int SAMPLES = 5;
  private static final int SAMPLES_PER_NODE = 2;
  private static final int MAX_CLUSTER_SAMPLES = 10;

  private final TargetConnector connector;

  public PurgeKeysAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis purge",
        "remove the keys matching a pattern (SCAN + UNLINK), after confirmation",
        Roles.OPERATOR,
        OptionSpec.text("pattern", "key pattern such as cache:*", true),
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    KeyPattern pattern = KeyPattern.forPurge(request.requireOption("pattern"));
    Optional<String> override = checkProtected(target, pattern);
    if (target.mode() == Mode.CLUSTER) {
      return clusterPlan(target, pattern, override);
    }
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      DryRun dry = dryRun(jedis, pattern);
      nothingToDo(dry, pattern, target.name());
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .param("pattern", pattern.text())
              .willRun(
                  "SCAN <cursor> MATCH "
                      + pattern.text()
                      + " COUNT "
                      + SCAN_COUNT
                      + ", each batch of matches UNLINKed in the same pipelined round trip")
              .willRun("until the cursor returns to 0 (keys written meanwhile may be missed)")
              .matches(dry.describe())
              .effect(
                  dry.estimate == 0
                      ? "nothing matches now"
                      : "removes " + dry.estimateText() + ", frees " + dry.memoryText());
      dry.samples.forEach(plan::sample);
      risks(plan, override, dry.estimate, dry.dbSize);
      return plan.build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** What one primary showed. */
  private record NodeScan(TargetFacts facts, DryRun dry) {}

  /**
   * Every primary holds its own slots' keys: each is scanned for its share of the dry run's time,
   * and the plan gives each node's count and samples, then the totals.
   */
  private Plan clusterPlan(Target target, KeyPattern pattern, Optional<String> override) {
    NodeSet set = connector.primaries(target);
    long budget = DRY_RUN_NANOS / set.nodes().size();
    var read =
        EachNode.read(
            connector,
            set,
            (jedis, node) -> new NodeScan(TargetFacts.read(jedis), dryRun(jedis, pattern, budget)));
    var facts = read.stream().map(a -> new EachNode.Answer<>(a.node(), a.value().facts())).toList();
    List<DryRun> dries = read.stream().map(a -> a.value().dry()).toList();
    DryRun total = DryRun.total(dries);
    nothingToDo(total, pattern, target.name() + " (" + set.describe() + ")");
    var plan =
        Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, facts))
            .param("pattern", pattern.text())
            .willRun(set.onEach() + ", one after another:")
            .willRun(
                "SCAN <cursor> MATCH "
                    + pattern.text()
                    + " COUNT "
                    + SCAN_COUNT
                    + ", each key of a batch UNLINKed on its own (keys of different slots cannot"
                    + " share one UNLINK), pipelined in the same round trip")
            .willRun("until the node's cursor returns to 0 (keys written meanwhile may be missed)")
            .matches(
                total.describe()
                    + " on "
                    + set.describe()
                    + ":\n"
                    + read.stream()
                        .map(a -> NodeSet.name(a.node()) + ": " + a.value().dry().describe())
                        .collect(java.util.stream.Collectors.joining("\n")))
            .effect(
                total.estimate == 0
                    ? "nothing matches now"
                    : "removes " + total.estimateText() + ", frees " + total.memoryText());
    read.stream()
        .flatMap(
            a ->
                a.value().dry().samples().stream()
                    .limit(SAMPLES_PER_NODE)
                    .map(key -> a.node().label() + " " + key))
        .limit(MAX_CLUSTER_SAMPLES)
        .forEach(plan::sample);
    risks(plan, override, total.estimate, total.dbSize);
    return plan.build();
  }

  /**
   * A purge removes data (medium); it is high risk when it reaches into a protected pattern the
   * target's config allows, or matches more than half of all keys.
   */
  private static void risks(
      Plan.Builder plan, Optional<String> override, long estimate, long dbSize) {
    plan.risk(Risk.MEDIUM, "removes data; the application must tolerate cache misses");
    override.ifPresent(
        p ->
            plan.risk(
                Risk.HIGH,
                "overlaps protected pattern "
                    + p
                    + ", which this target's config allows to purge"));
    if (dbSize > 0 && estimate * 2 > dbSize) {
      plan.risk(Risk.HIGH, "matches more than half of all " + Counts.format(dbSize) + " keys");
    }
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    KeyPattern pattern = KeyPattern.forPurge(plan.param("pattern"));
    checkProtected(target, pattern);
    NodeSet set = connector.primaries(target);
    long budget = DRY_RUN_NANOS / set.nodes().size();
    return EachNode.run(
        connector,
        set,
        progress,
        "Keys removed",
        total ->
            total == 0
                ? nothingLeft(pattern, "the " + set.describe() + " of " + target.name())
                : "removed "
                    + Counts.of(total, "key", "keys")
                    + " from the "
                    + set.describe()
                    + " of "
                    + target.name(),
        (jedis, at, where, p) -> purge(jedis, at, where, pattern, set.cluster(), budget, p));
  }

  /**
   * The keys still matching the pattern on every primary, from a dry run of at most {@link
   * #DRY_RUN_NANOS} in all (an estimate beyond that).
   */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    Target target = connector.target(Optional.of(plan.target()));
    KeyPattern pattern = KeyPattern.forPurge(plan.param("pattern"));
    NodeSet set = connector.primaries(target);
    long budget = DRY_RUN_NANOS / set.nodes().size();
    var read = EachNode.read(connector, set, (jedis, node) -> dryRun(jedis, pattern, budget));
    DryRun total = DryRun.total(read.stream().map(EachNode.Answer::value).toList());
    var evidence = new ArrayList<Field>();
    evidence.add(new Field("Matching keys now", total.describe(), false));
    if (set.cluster()) {
      evidence.add(
          new Field(
              "Per node",
              read.stream()
                  .map(a -> NodeSet.name(a.node()) + ": " + a.value().describe())
                  .collect(java.util.stream.Collectors.joining("\n")),
              false));
    }
    return new Interruption(
        total.estimate == 0
            ? "no key matches " + pattern.text() + " any more"
            : total.estimateText() + " still match " + pattern.text(),
        evidence);
  }

  /**
   * Purges the node {@code jedis} is connected to.
   *
   * @param oneKeyPerUnlink whether each key gets its own UNLINK: on a cluster node, one UNLINK of
   *     keys in different slots fails with CROSSSLOT
   */
  private static EachNode.Part purge(
      Jedis jedis,
      Target target,
      String where,
      KeyPattern pattern,
      boolean oneKeyPerUnlink,
      long dryRunNanos,
      Progress progress) {
    Size before;
    try {
      before = Size.of(jedis);
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
    Purge purge = new Purge(target, pattern, progress, oneKeyPerUnlink);
    purge.run(jedis);
    Field removed =
        new Field("Keys removed", String.format(Locale.ROOT, "%,d", purge.removed), true);
    Field keysBefore = new Field("Keys in database before", Counts.format(before.keys()), true);
    if (purge.failure != null) {
      return part(
          purge.removed,
          "stopped after removing "
              + Counts.of(purge.removed, "key", "keys")
              + ": "
              + RedisProblem.of(target, purge.failure).message(),
          List.of(removed, keysBefore));
    }
    Size after;
    DryRun recheck;
    try {
      after = Size.of(jedis);
      recheck = dryRun(jedis, pattern, dryRunNanos);
    } catch (RuntimeException e) {
      return part(
          purge.removed,
          "removed "
              + Counts.of(purge.removed, "key", "keys")
              + ", then could not measure the result: "
              + RedisProblem.of(target, e).message(),
          List.of(removed, keysBefore));
    }
    return finished(purge, pattern, where, evidence(purge, removed, before, after, recheck));
  }

  /** The size of a node's database: DBSIZE, then used_memory from INFO. */
  private record Size(long keys, long memory) {
    static Size of(Jedis jedis) {
      long keys = jedis.dbSize();
      return new Size(keys, TargetFacts.read(jedis).usedMemory());
    }
  }

  /** Keys removed, keys and memory before and after, what still matches, keys moved away. */
  private static List<Field> evidence(
      Purge purge, Field removed, Size before, Size after, DryRun recheck) {
    var evidence =
        new ArrayList<>(
            List.of(
                removed,
                Outcome.change(
                    "Keys in database", Counts.format(before.keys()), Counts.format(after.keys())),
                Outcome.change(
                    "used_memory", Bytes.format(before.memory()), Bytes.format(after.memory())),
                new Field("Matching keys now", recheck.describe(), false)));
    if (purge.movedAway > 0) {
      evidence.add(
          new Field(
              "Moved to another node meanwhile",
              Counts.of(purge.movedAway, "key", "keys")
                  + " (their slots were migrated; purge again to reach them)",
              false));
    }
    return evidence;
  }

  /** A node's part once its purge ran to the end or to Stop, and was measured again. */
  private static EachNode.Part finished(
      Purge purge, KeyPattern pattern, String where, List<Field> evidence) {
    if (purge.stopped) {
      return part(
          purge.removed,
          "stopped on request after removing " + Counts.of(purge.removed, "key", "keys"),
          evidence);
    }
    return new EachNode.Part(
        Outcome.doneAfter(
            purge.removed,
            purge.removed == 0
                ? nothingLeft(pattern, where)
                : "removed " + Counts.of(purge.removed, "key", "keys") + " from " + where,
            evidence),
        purge.removed);
  }

  /**
   * Refuses to plan a purge whose full dry run matched no key; a partial scan that saw none may
   * still miss some, so it is planned.
   *
   * @throws NothingToDo when nothing matches
   */
  private static void nothingToDo(DryRun dry, KeyPattern pattern, String where) {
    if (dry.complete && dry.matched == 0) {
      throw new NothingToDo(
          "Nothing matches "
              + pattern.text()
              + " on "
              + where
              + " (full scan of "
              + Counts.of(dry.dbSize, "key", "keys")
              + "): nothing to do.");
    }
  }

  /** The headline of a purge that found no matching key left when it ran. */
  private static String nothingLeft(KeyPattern pattern, String where) {
    return "no key matches " + pattern.text() + " on " + where + " any more; none was removed";
  }

  private static EachNode.Part part(long removed, String headline, List<Field> evidence) {
    return new EachNode.Part(Outcome.stoppedAfter(removed, headline, evidence), removed);
  }

  /**
   * The protected pattern this purge overlaps that the target allows, if any. Overlap is decided
   * exactly on Redis's reading of both patterns ({@link KeyPattern#overlap}); a refusal names the
   * protected pattern and a key both match, and a pattern the bot cannot compare is refused too.
   *
   * @throws UserFacingException when it may reach keys of a protected pattern the target does not
   *     allow
   */
  static Optional<String> checkProtected(Target target, KeyPattern pattern) {
    Optional<String> allowed = Optional.empty();
    for (String p : target.protectedPatterns()) {
      GlobOverlap overlap = pattern.overlap(KeyPattern.parse(p));
      if (overlap instanceof GlobOverlap.Disjoint) {
        continue;
      }
      if (!target.allowPurgeOf().contains(p)) {
        throw new UserFacingException(protectedRefusal(target, pattern, p, overlap));
      }
      allowed = Optional.of(p);
    }
    return allowed;
  }

  private static String protectedRefusal(
      Target target, KeyPattern pattern, String protectedPattern, GlobOverlap overlap) {
    String why =
        overlap instanceof GlobOverlap.Common common
            ? " matches keys of protected pattern "
                + protectedPattern
                + " on "
                + target.name()
                + " (queues, sessions): both match the key \""
                + common.shown()
                + "\", for example."
            : " cannot be proved to leave protected pattern "
                + protectedPattern
                + " on "
                + target.name()
                + " (queues, sessions) alone: "
                + ((GlobOverlap.Undecided) overlap).reason()
                + ".";
    return "pattern:"
        + pattern.text()
        + why
        + " Purging it needs allowPurge: ["
        + protectedPattern
        + "] in the target's config.";
  }

  /** Counts matches for at most {@link #DRY_RUN_NANOS}, then estimates from the part scanned. */
  static DryRun dryRun(Jedis jedis, KeyPattern pattern) {
    return dryRun(jedis, pattern, DRY_RUN_NANOS);
  }

  /** Counts matches for at most {@code budgetNanos}, then estimates from the part scanned. */
  static DryRun dryRun(Jedis jedis, KeyPattern pattern, long budgetNanos) {
    long dbSize = jedis.dbSize();
    ScanParams params = new ScanParams().match(pattern.text()).count(SCAN_COUNT);
    long deadline = System.nanoTime() + budgetNanos;
    byte[] cursor = START;
    long matched = 0;
    long calls = 0;
    var samples = new ArrayList<byte[]>();
    do {
      ScanResult<byte[]> page = jedis.scan(cursor, params);
      calls++;
      for (byte[] key : page.getResult()) {
        matched++;
        if (samples.size() < SAMPLES) {
          samples.add(key);
        }
      }
      cursor = page.getCursorAsBytes();
    } while (!isStart(cursor) && System.nanoTime() < deadline);
    boolean complete = isStart(cursor);
    long examined = Math.min(dbSize, calls * SCAN_COUNT);
    long estimate =
        complete || examined == 0 ? matched : Math.round(matched * (double) dbSize / examined);
    long sampleBytes = 0;
    var names = new ArrayList<String>();
    for (byte[] key : samples) {
      Long usage = jedis.memoryUsage(key);
      sampleBytes += usage == null ? 0 : usage;
      names.add(shorten(SafeEncoder.encode(key)));
    }
    long bytes = samples.isEmpty() ? 0 : sampleBytes / samples.size() * estimate;
    return new DryRun(dbSize, matched, estimate, complete, examined, bytes, samples.size(), names);
  }

  private static boolean isStart(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }

  private static String shorten(String key) {
    return key.length() > 80 ? key.substring(0, 79) + "…" : key;
  }

  /** What the dry run saw. */
  record DryRun(
      long dbSize,
      long matched,
      long estimate,
      boolean complete,
      long examined,
      long bytes,
      int sampled,
      List<String> samples) {

    /** The dry runs of several nodes as one: counts and sizes added up. */
    static DryRun total(List<DryRun> nodes) {
      return new DryRun(
          nodes.stream().mapToLong(DryRun::dbSize).sum(),
          nodes.stream().mapToLong(DryRun::matched).sum(),
          nodes.stream().mapToLong(DryRun::estimate).sum(),
          nodes.stream().allMatch(DryRun::complete),
          nodes.stream().mapToLong(DryRun::examined).sum(),
          nodes.stream().mapToLong(DryRun::bytes).sum(),
          nodes.stream().mapToInt(DryRun::sampled).sum(),
          nodes.stream().flatMap(d -> d.samples().stream()).toList());
    }

    String estimateText() {
      return (complete ? "" : "≈ ") + Counts.of(estimate, "key", "keys");
    }

    String memoryText() {
      return "≈ "
          + Bytes.format(bytes)
          + " (from the size of "
          + Counts.of(sampled, "sampled key", "sampled keys")
          + ")";
    }

    String describe() {
      if (complete) {
        return Counts.format(matched) + " of " + Counts.of(dbSize, "key", "keys") + " (full scan)";
      }
      return "≈ "
          + Counts.format(estimate)
          + " of "
          + Counts.of(dbSize, "key", "keys")
          + " ("
          + Counts.of(matched, "match", "matches")
          + " in the first ≈ "
          + Counts.of(examined, "key", "keys")
          + " scanned)";
    }
  }

  /** One run of the purge loop, keeping count of what it did. */
  private static final class Purge {
    private final Target target;
    private final KeyPattern pattern;
    private final Progress progress;
    private final boolean oneKeyPerUnlink;
    long removed;
    long movedAway;
    boolean stopped;
    RuntimeException failure;

    Purge(Target target, KeyPattern pattern, Progress progress, boolean oneKeyPerUnlink) {
      this.target = target;
      this.pattern = pattern;
      this.progress = progress;
      this.oneKeyPerUnlink = oneKeyPerUnlink;
    }

    void run(Jedis jedis) {
      ScanParams params = new ScanParams().match(pattern.text()).count(SCAN_COUNT);
      byte[] cursor = START;
      boolean scanned = false;
      List<byte[]> batch = List.of();
      long started = System.nanoTime();
      try (Pipeline pipe = jedis.pipelined()) {
        while (true) {
          List<Response<Long>> unlinked = unlink(pipe, batch);
          Response<ScanResult<byte[]>> page = scanned ? null : pipe.scan(cursor, params);
          if (unlinked.isEmpty() && page == null) {
            break;
          }
          pipe.sync();
          count(unlinked);
          if (page == null) {
            break;
          }
          cursor = page.get().getCursorAsBytes();
          batch = page.get().getResult();
          scanned = isStart(cursor);
          if (progress.stopRequested()) {
            stopped = true;
            break;
          }
          if (removed > 0) {
            progress.update(
                Reply.builder("Purging " + pattern.text() + " on " + target.name())
                    .text(Counts.of(removed, "key", "keys") + " removed so far")
                    .build());
          }
        }
      } catch (RuntimeException e) {
        log.warn("target {}: purge of {} failed after {} keys", target.name(), pattern, removed, e);
        failure = e;
      }
      log.info(
          "target {}: purge of {} removed {} keys in {} ms",
          target.name(),
          pattern,
          removed,
          (System.nanoTime() - started) / 1_000_000);
    }

    /** One UNLINK of the whole batch, or one per key (queued on {@code pipe}, sent together). */
    private List<Response<Long>> unlink(Pipeline pipe, List<byte[]> batch) {
      if (batch.isEmpty()) {
        return List.of();
      }
      if (!oneKeyPerUnlink) {
        return List.of(pipe.unlink(batch.toArray(byte[][]::new)));
      }
      var out = new ArrayList<Response<Long>>(batch.size());
      batch.forEach(key -> out.add(pipe.unlink(key)));
      return out;
    }

    /**
     * Adds up what the UNLINKs removed; a key whose slot moved to another node is counted apart.
     */
    private void count(List<Response<Long>> unlinked) {
      for (Response<Long> r : unlinked) {
        try {
          removed += r.get();
        } catch (JedisRedirectionException slotMigrated) {
          movedAway++;
        }
      }
    }
  }
}
