package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Runs an action node by node over a {@link NodeSet}, one node after another, so that progress and
 * Stop mean what they mean on one node.
 *
 * <p>A standalone or Sentinel target's single node gives its outcome exactly as the action reports
 * it. A cluster run that finished on every node changed something only when some node did, and is
 * harmful when some node's part is (its headline then comes first). A cluster run goes on past a
 * node that fails (the nodes are independent: what was done on the others stays done) and starts no
 * further node once Stop is pressed. Its outcome names every node — done, stopped, failed or not
 * run — with that node's own headline and evidence, then the total, so a partial run is never
 * silent.
 *
 * <p>Stateless; runs on the caller's thread.
 */
public final class EachNode {
  private static final Logger log = LoggerFactory.getLogger(EachNode.class);

  private EachNode() {}

  /**
   * A node's part of a run.
   *
   * @param outcome the outcome as if the action had run on that node alone
   * @param count what it adds to the total (keys removed, clients killed, nodes changed)
   */
  public record Part(Outcome outcome, long count) {}

  /** The action on one node. */
  @FunctionalInterface
  public interface Step {
    /**
     * Runs the action on the node {@code jedis} is connected to.
     *
     * @param at the target as that node, so that messages name it
     * @param where how the node's own headline names it: the target's name, or the node's address
     *     in a cluster
     * @param progress the run's progress; in a cluster its interim replies also name the node
     * @throws UserFacingException when nothing was changed on that node
     */
    Part run(Jedis jedis, Target at, String where, Progress progress);
  }

  /** A dry-run read of one node. */
  @FunctionalInterface
  public interface Read<T> {
    T read(Jedis jedis, Node node);
  }

  /** What one node answered. */
  public record Answer<T>(Node node, T value) {}

  /**
   * Reads every node of {@code set} for a plan, one after another.
   *
   * @throws UserFacingException naming the node that could not be read (or the read's own refusal):
   *     a plan is made from every node or not at all
   */
  public static <T> List<Answer<T>> read(TargetConnector connector, NodeSet set, Read<T> read) {
    var out = new ArrayList<Answer<T>>();
    for (Node node : set.nodes()) {
      Target at = set.at(node);
      Jedis jedis = null;
      try {
        jedis = connector.open(at, node);
        out.add(new Answer<>(node, read.read(jedis, node)));
      } catch (UserFacingException e) {
        throw e;
      } catch (RuntimeException e) {
        throw TargetConnector.unreachable(at, e);
      } finally {
        closeQuietly(jedis);
      }
    }
    return out;
  }

  /**
   * Runs {@code step} on each node of {@code set}.
   *
   * @param countLabel what the counts are, as the outcome's total names them ("Keys removed"), or
   *     null when a total would say nothing
   * @param headline a whole cluster run's headline from the total count ("removed 1,234 keys …")
   * @throws UserFacingException for a single-node target whose node cannot be reached or whose step
   *     changed nothing (the contract of {@link dev.incidentbot.recovery.RecoveryAction#execute})
   */
  public static Outcome run(
      TargetConnector connector,
      NodeSet set,
      Progress progress,
      String countLabel,
      LongFunction<String> headline,
      Step step) {
    Target target = set.target();
    if (!set.cluster()) {
      Jedis jedis = connector.open(target, set.nodes().get(0));
      try {
        return step.run(jedis, target, target.name(), progress).outcome();
      } finally {
        closeQuietly(jedis);
      }
    }
    var runs = new ArrayList<Run>();
    long total = 0;
    for (Node node : set.nodes()) {
      if (progress.stopRequested()) {
        runs.add(new Run(node, Status.NOT_RUN, null, 0));
        continue;
      }
      Run run = runOne(connector, set, node, onNode(progress, set, node, total, countLabel), step);
      if (run.status == Status.FAILED && progress.stopRequested()) {
        run = new Run(node, Status.STOPPED, run.outcome, run.count);
      }
      runs.add(run);
      total += run.count;
    }
    return combine(set, runs, total, countLabel, headline.apply(total));
  }

  private enum Status {
    DONE("done"),
    STOPPED("stopped"),
    FAILED("failed"),
    NOT_RUN("not run: stopped before it");

    final String word;

    Status(String word) {
      this.word = word;
    }
  }

  private record Run(Node node, Status status, Outcome outcome, long count) {}

  private static Run runOne(
      TargetConnector connector, NodeSet set, Node node, Progress progress, Step step) {
    Target at = set.at(node);
    Jedis jedis = null;
    try {
      jedis = connector.open(at, node);
      Part part = step.run(jedis, at, set.where(node), progress);
      Status status = part.outcome().succeeded() ? Status.DONE : Status.FAILED;
      return new Run(node, status, part.outcome(), part.count());
    } catch (UserFacingException e) {
      return new Run(node, Status.FAILED, Outcome.nothingChanged(e.getMessage(), List.of()), 0);
    } catch (RuntimeException e) {
      log.warn("target {}: the action failed on node {}", set.target().name(), node.label(), e);
      return new Run(
          node,
          Status.FAILED,
          Outcome.failure(
              "it stopped unexpectedly: "
                  + RedisProblem.of(at, e).message()
                  + " What it changed on this node is unknown.",
              List.of()),
          0);
    } finally {
      closeQuietly(jedis);
    }
  }

  /** Closes a connection whose server may have died: QUIT on a broken socket must not count. */
  private static void closeQuietly(Jedis jedis) {
    if (jedis == null) {
      return;
    }
    try {
      jedis.close();
    } catch (RuntimeException ignored) {
      // the node's result is already known; a connection that broke closes as best it can
    }
  }

  /**
   * A cluster run's outcome: every node's status, the total and each node's own part as evidence;
   * the headline says which nodes did not finish, when some did not.
   */
  private static Outcome combine(
      NodeSet set, List<Run> runs, long total, String countLabel, String headline) {
    List<Field> evidence = evidence(set, runs, total, countLabel);
    String skipped =
        set.skipped().isEmpty()
            ? ""
            : "; skipped " + set.skipped().size() + " the cluster marks failed";
    List<Run> unfinished = runs.stream().filter(r -> r.status != Status.DONE).toList();
    boolean changed = runs.stream().anyMatch(r -> r.outcome != null && r.outcome.changed());
    if (unfinished.isEmpty()) {
      return finishedEverywhere(runs, changed, headline + skipped, evidence);
    }
    long done = runs.size() - unfinished.size();
    return new Outcome(
        false,
        changed,
        headline
            + ", finished on "
            + done
            + " of "
            + Counts.of(runs.size(), "node", "nodes")
            + "; "
            + unfinishedNodes(unfinished)
            + skipped,
        evidence,
        "");
  }

  /** The nodes and their status, the total, each node's part, then the nodes skipped. */
  private static List<Field> evidence(NodeSet set, List<Run> runs, long total, String countLabel) {
    var evidence = new ArrayList<Field>();
    evidence.add(
        new Field(
            "Nodes",
            set.describe()
                + ": "
                + runs.stream()
                    .map(r -> r.node.label() + " " + r.status.word)
                    .collect(Collectors.joining(" · ")),
            false));
    if (countLabel != null) {
      evidence.add(
          new Field(countLabel + " (all nodes)", String.format(Locale.ROOT, "%,d", total), true));
    }
    for (Run r : runs) {
      evidence.add(new Field(NodeSet.name(r.node), nodeText(r), false));
    }
    if (!set.skipped().isEmpty()) {
      evidence.add(new Field("Skipped", String.join("\n", set.skipped()), false));
    }
    return evidence;
  }

  /** A run done on every node: harmful when some node's part is (its headline first). */
  private static Outcome finishedEverywhere(
      List<Run> runs, boolean changed, String headline, List<Field> evidence) {
    return runs.stream()
        .filter(r -> r.outcome.harmful())
        .findFirst()
        .map(r -> Outcome.harmful(r.outcome.headline() + "; " + headline, evidence))
        .orElseGet(
            () ->
                changed
                    ? Outcome.success(headline, evidence)
                    : Outcome.unchanged(headline, evidence));
  }

  /** "failed on 127.0.0.1:7001; not run on 127.0.0.1:7002", failed first. */
  private static String unfinishedNodes(List<Run> unfinished) {
    var parts = new ArrayList<String>();
    for (Status s : List.of(Status.FAILED, Status.STOPPED, Status.NOT_RUN)) {
      List<String> nodes =
          unfinished.stream().filter(r -> r.status == s).map(r -> r.node.label()).toList();
      if (!nodes.isEmpty()) {
        parts.add((s == Status.NOT_RUN ? "not run" : s.word) + " on " + String.join(", ", nodes));
      }
    }
    return String.join("; ", parts);
  }

  /** "done: removed 120 keys from 127.0.0.1:7001", then its evidence one line each. */
  private static String nodeText(Run r) {
    if (r.outcome == null) {
      return r.status.word;
    }
    var lines = new ArrayList<String>();
    lines.add(r.status.word + ": " + r.outcome.headline());
    for (Field f : r.outcome.evidence()) {
      lines.add(f.name() + ": " + f.value().replace("\n", "; "));
    }
    return String.join("\n", lines);
  }

  /** Progress of one node: its interim replies say which node of how many, and the total so far. */
  private static Progress onNode(
      Progress progress, NodeSet set, Node node, long totalBefore, String countLabel) {
    int index = set.nodes().indexOf(node) + 1;
    String line =
        index
            + " of "
            + set.nodes().size()
            + ": "
            + NodeSet.name(node)
            + (index == 1 || countLabel == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    " · earlier nodes: %,d %s",
                    totalBefore,
                    countLabel.toLowerCase(Locale.ROOT)));
    return new Progress() {
      @Override
      public void update(Reply interim) {
        progress.update(interim.toBuilder().field("Node", line).build());
      }

      @Override
      public boolean stopRequested() {
        return progress.stopRequested();
      }
    };
  }
}
