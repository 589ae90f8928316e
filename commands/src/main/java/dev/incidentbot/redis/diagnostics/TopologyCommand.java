package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.ClusterNode;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import java.util.List;
import java.util.Optional;

/**
 * {@code /redis topology}: who is master and who follows it. Standalone: role, replicas with link
 * status and lag. Sentinel: the master address each sentinel gives, CKQUORUM, the replicas and
 * sentinels it knows, and the master's own replication view. Cluster: every node with its slots,
 * slot coverage, and failed or possibly-failed nodes.
 */
public final class TopologyCommand implements Command {
  private final Targets targets;
  private final NodeCalls calls;

  public TopologyCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis topology",
        "role, replicas and lag; Sentinel quorum and master; Cluster nodes and slots",
        Roles.VIEWER,
        OptionSpec.target(false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    return switch (target.mode()) {
      case STANDALONE -> standalone(target);
      case SENTINEL -> sentinel(target);
      case CLUSTER -> cluster(target);
    };
  }

  private Reply standalone(Target target) {
    NodeAnswers<Replication> answers =
        calls.onPrimaries(target, (j, n) -> Replication.of(HealthCheck.info(j, "replication")));
    if (answers.unavailable().isPresent() || !answers.results().get(0).ok()) {
      return NodeReplies.unavailable(
          target,
          "topology",
          answers.unavailable().orElseGet(() -> answers.results().get(0).problem()));
    }
    NodeResult<Replication> r = answers.results().get(0);
    Replication rep = r.value();
    var reply = Reply.builder(target.name() + ": " + headline(rep));
    reply.severity(severity(rep, target));
    reply.field(r.node().label(), describe(rep));
    return reply.build();
  }

  static String headline(Replication rep) {
    if ("replica".equals(rep.role())) {
      return "replica of " + rep.masterAddress() + ", link " + rep.linkStatus();
    }
    return rep.role() + " with " + Counts.of(rep.replicas().size(), "replica", "replicas");
  }

  static String describe(Replication rep) {
    if ("replica".equals(rep.role())) {
      return "replica of "
          + rep.masterAddress()
          + "\nlink "
          + rep.linkStatus()
          + ", last contact "
          + rep.lastIoSeconds()
          + " s ago, offset "
          + rep.offset();
    }
    var lines = new java.util.ArrayList<String>();
    lines.add(rep.role() + ", replication offset " + rep.offset());
    lines.addAll(rep.replicaLines());
    if (rep.replicas().isEmpty()) {
      lines.add("no replicas connected");
    }
    return String.join("\n", lines);
  }

  private static Severity severity(Replication rep, Target target) {
    if ("replica".equals(rep.role()) && !"up".equals(rep.linkStatus())) {
      return Severity.CRITICAL;
    }
    boolean lagging =
        rep.replicas().stream()
            .anyMatch(
                x ->
                    !"online".equals(x.state())
                        || x.lagSeconds() > target.thresholds().replicationLagSeconds());
    return lagging ? Severity.WARN : Severity.OK;
  }

  private Reply sentinel(Target target) {
    List<Node> sentinels =
        NodeResolver.sentinels(target).stream().map(h -> new Node(h, "sentinel")).toList();
    var view = new SentinelTopology[1];
    NodeAnswers<SentinelTopology.SentinelSays> answers =
        calls.bounded(
            target,
            d -> {
              NodeAnswers<SentinelTopology.SentinelSays> said =
                  calls.askSentinels(
                      d, sentinels, (j, n) -> SentinelTopology.ask(j, n, target.sentinelMaster()));
              Optional<Replication> master = Optional.empty();
              Optional<String> masterProblem = Optional.empty();
              var agreed = SentinelTopology.majorityMaster(said);
              if (agreed.isPresent()) {
                NodeAnswers<Replication> m =
                    calls.ask(
                        d,
                        List.of(new Node(agreed.get(), "master")),
                        (j, n) -> Replication.of(HealthCheck.info(j, "replication")));
                master = m.answered().stream().findFirst().map(NodeResult::value);
                masterProblem = m.unavailable().map(p -> p.message());
              }
              view[0] = new SentinelTopology(target, said, agreed, master, masterProblem);
              return said;
            });
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "topology", answers);
    }
    return SentinelTopologyReplies.reply(view[0]);
  }

  private Reply cluster(Target target) {
    var view = new ClusterTopology[1];
    NodeAnswers<Void> answers =
        calls.bounded(
            target,
            d -> {
              var nodes = calls.resolver().clusterNodes(target, d.session());
              List<Node> live =
                  nodes.nodes().stream()
                      .filter(n -> n.primary() && !n.failed())
                      .map(n -> new Node(n.address(), "primary"))
                      .toList();
              var replication = new java.util.HashMap<String, Replication>();
              calls
                  .ask(d, live, (j, n) -> Replication.of(HealthCheck.info(j, "replication")))
                  .answered()
                  .forEach(r -> replication.put(r.node().label(), r.value()));
              view[0] = new ClusterTopology(target, nodes, replication);
              return new NodeAnswers<>(target, List.of(), Optional.empty());
            });
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "topology", answers);
    }
    return view[0].reply();
  }

  static String slotsText(ClusterNode n) {
    return n.slots().stream()
        .map(r -> r[0] == r[1] ? "" + r[0] : r[0] + "-" + r[1])
        .reduce((a, b) -> a + "," + b)
        .orElse("no slots");
  }
}
