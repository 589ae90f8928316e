package dev.incidentbot.redis.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.diagnostics.SentinelTopology.SentinelSays;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The Sentinel topology reply in the states a person must tell apart (agreed and healthy; sentinels
 * split; a sentinel silent or failing CKQUORUM; the master a replica or silent), against {@code
 * golden/topology/sentinel.txt}. After a deliberate change, regenerate with {@code
 * -Dgolden.update=true} and read the diff.
 */
@DisplayName("Sentinel topology: title, severity, text and fields exactly as the golden file")
class SentinelTopologyGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/topology/sentinel.txt");
  private static final Target TARGET = Target.standalone("orders", "redis://10.0.0.5:6379");
  private static final Node S1 = new Node(HostAndPort.from("10.0.0.11:26379"), "sentinel");
  private static final Node S2 = new Node(HostAndPort.from("10.0.0.12:26379"), "sentinel");
  private static final Node S3 = new Node(HostAndPort.from("10.0.0.13:26379"), "sentinel");
  private static final Map<String, String> REPLICA =
      Map.of(
          "ip",
          "10.0.0.6",
          "port",
          "6379",
          "flags",
          "slave",
          "master-link-status",
          "ok",
          "slave-repl-offset",
          "5000");
  private static final Map<String, String> PEER =
      Map.of("ip", "10.0.0.12", "port", "26379", "flags", "sentinel");

  private static SentinelSays says(String master, boolean quorumOk, boolean peers) {
    return new SentinelSays(
        master,
        quorumOk
            ? "OK 3 usable Sentinels. Quorum and failover authorization can be reached"
            : "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the"
                + " specified quorum for this master",
        quorumOk,
        master.isEmpty() ? List.of() : List.of(REPLICA),
        peers ? List.of(PEER) : List.of());
  }

  private static RedisProblem refused(Node n) {
    return RedisProblem.of(
        TARGET.atNode(n.address().getHost(), n.address().getPort()),
        new JedisConnectionException(new ConnectException("Connection refused")));
  }

  private static Replication replication(String role) {
    return Replication.of(
        InfoSnapshot.parse(
            "# Replication\r\nrole:"
                + role
                + "\r\n"
                + ("master".equals(role)
                    ? "connected_slaves:1\r\nslave0:ip=10.0.0.6,port=6379,state=online,"
                        + "offset=5000,lag=0\r\n"
                    : "master_host:10.0.0.9\r\nmaster_port:6379\r\nmaster_link_status:up\r\n"
                        + "master_last_io_seconds_ago:1\r\n")
                + "master_repl_offset:5000\r\n"));
  }

  /** The reply when the master answers, in {@code role} ("master", or "slave" when demoted). */
  private static String render(
      String name, List<NodeResult<SentinelSays>> results, String masterRole) {
    return render(name, results, Optional.of(replication(masterRole)), Optional.empty());
  }

  private static String render(
      String name,
      List<NodeResult<SentinelSays>> results,
      Optional<Replication> masterView,
      Optional<String> masterProblem) {
    var said = new NodeAnswers<>(TARGET, results, Optional.empty());
    var topology =
        new SentinelTopology(
            TARGET, said, SentinelTopology.majorityMaster(said), masterView, masterProblem);
    Reply reply = SentinelTopologyReplies.reply(topology);
    var out = new StringBuilder("== ").append(name).append('\n');
    out.append(reply.severity()).append(" · ").append(reply.title()).append('\n');
    if (!reply.text().isEmpty()) {
      out.append(reply.text()).append('\n');
    }
    reply
        .fields()
        .forEach(
            f -> out.append("[").append(f.name()).append("]\n").append(f.value()).append('\n'));
    return out.append('\n').toString();
  }

  @Test
  @DisplayName("agreed, split, silent sentinel, no quorum, master a replica, master silent, none")
  void matchesGolden() throws Exception {
    String m = "10.0.0.5:6379";
    var text = new StringBuilder();
    text.append(
        render(
            "agreed and healthy",
            List.of(NodeResult.ok(S1, says(m, true, true)), NodeResult.ok(S2, says(m, true, true))),
            "master"));
    text.append(
        render(
            "sentinels split",
            List.of(
                NodeResult.ok(S1, says(m, true, true)),
                NodeResult.ok(S2, says("10.0.0.6:6379", true, true)),
                NodeResult.ok(S3, says(m, true, true))),
            "master"));
    text.append(
        render(
            "one sentinel silent, one without quorum and peers",
            List.of(NodeResult.failed(S1, refused(S1)), NodeResult.ok(S2, says(m, false, false))),
            "master"));
    text.append(
        render(
            "one sentinel silent, the other fine",
            List.of(NodeResult.failed(S1, refused(S1)), NodeResult.ok(S2, says(m, true, true))),
            "master"));
    text.append(
        render(
            "master answers as a replica",
            List.of(NodeResult.ok(S1, says(m, true, true))),
            "slave"));
    text.append(
        render(
            "master silent",
            List.of(NodeResult.ok(S1, says(m, true, true))),
            Optional.empty(),
            Optional.of("orders (10.0.0.5:6379): connection refused")));
    text.append(
        render(
            "no master known",
            List.of(NodeResult.ok(S1, says("", false, false))),
            Optional.empty(),
            Optional.empty()));
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, text.toString(), StandardCharsets.UTF_8);
    }
    assertThat(text.toString()).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }
}
