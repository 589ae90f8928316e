package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

/**
 * {@code /redis kill-clients idle-over:|user:|addr:|name:}: closes the client connections that
 * match every given filter, by id. Never the bot's own connections, replication links (master or
 * replica flags) or Sentinel's connections; the plan says how many were spared and why. The filter
 * is evaluated again when the plan runs, so a client that became active in between is spared.
 */
public final class KillClientsAction implements RecoveryAction {
  private static final Logger log = LoggerFactory.getLogger(KillClientsAction.class);
  private static final Duration MIN_IDLE = Duration.ofSeconds(1);
  private static final Duration MAX_IDLE = Duration.ofDays(30);
  private static final Pattern ADDR = Pattern.compile("[0-9A-Fa-f.:\\[\\]]{2,60}");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
  private static final int SAMPLES = 5;

  private final TargetConnector connector;

  public KillClientsAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis kill-clients",
        "close client connections by idle time, user, address or name, after confirmation",
        Roles.OPERATOR,
        OptionSpec.text("idle-over", "idle longer than this, like 300s or 10m", false),
        OptionSpec.text("user", "ACL user name", false),
        OptionSpec.text("addr", "client address ip or ip:port", false),
        OptionSpec.text("name", "client name (CLIENT SETNAME)", false),
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    Filter filter = Filter.from(request.options());
    if (target.mode() == Mode.CLUSTER) {
      return clusterPlan(target, filter);
    }
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      Selection selection = filter.select(ClientInfo.parseList(jedis.clientList()));
      nothingToDo(selection.matched.size(), selection.total, filter, target.name());
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .willRun("CLIENT LIST, then CLIENT KILL ID <id> for each client matching " + filter)
              .willRun("the filter is applied again at that moment; spared: " + selection.spared())
              .matches(selection.describe())
              .effect(closes(selection.matched.size()));
      filter.params().forEach(plan::param);
      selection.matched.stream().limit(SAMPLES).map(ClientInfo::describe).forEach(plan::sample);
      long killable = selection.total - selection.sparedCount();
      plan.risk(Risk.MEDIUM, "clients lose their connection and in-flight commands");
      if (killable > 0 && selection.matched.size() * 2 > killable) {
        plan.risk(Risk.HIGH, "closes more than half of the application connections");
      }
      return plan.build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    Filter filter = Filter.from(plan.params());
    NodeSet set = connector.everyNode(target);
    return EachNode.run(
        connector,
        set,
        progress,
        "Clients killed",
        total ->
            total == 0
                ? nothingLeft(filter, "the " + set.describe() + " of " + target.name())
                : "killed "
                    + Counts.of(total, "client connection", "client connections")
                    + " on the "
                    + set.describe()
                    + " of "
                    + target.name(),
        (jedis, at, where, p) -> kill(jedis, at, where, filter, p));
  }

  /** The clients that still match the filters on every node, from one CLIENT LIST each. */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    Target target = connector.target(Optional.of(plan.target()));
    Filter filter = Filter.from(plan.params());
    NodeSet set = connector.everyNode(target);
    var read =
        EachNode.read(
            connector,
            set,
            (jedis, node) -> filter.select(ClientInfo.parseList(jedis.clientList())));
    long matched = read.stream().mapToLong(a -> a.value().matched.size()).sum();
    var evidence =
        read.stream()
            .map(
                a ->
                    new Field(
                        set.cluster() ? "Clients now, " + NodeSet.name(a.node()) : "Clients now",
                        a.value().describe(),
                        false))
            .toList();
    return new Interruption(
        Counts.of(matched, "client connection", "client connections")
            + (matched == 1 ? " still matches " : " still match ")
            + filter,
        evidence);
  }

  /** Lists the node's clients again and kills those that still match, one by one. */
  private static EachNode.Part kill(
      Jedis jedis, Target target, String where, Filter filter, Progress progress) {
    long before;
    Selection selection;
    try {
      before = TargetFacts.read(jedis).info().number("connected_clients", 0);
      selection = filter.select(ClientInfo.parseList(jedis.clientList()));
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
    Kills kills = killMatching(jedis, selection, progress);
    long killed = kills.killed();
    log.info(
        "target {}: killed {} clients matching {} on {}",
        target.name(),
        killed,
        filter,
        target.endpoint().address());
    if (kills.lost() != null) {
      return connectionLost(target, kills, selection, before);
    }
    Field killedField = kills.killedField(selection.matched.size());
    Field goneField = kills.goneField();
    long after;
    try {
      after = TargetFacts.read(jedis).info().number("connected_clients", 0);
    } catch (RuntimeException e) {
      return part(
          killed,
          "killed "
              + Counts.of(killed, "client", "clients")
              + ", then could not measure the result: "
              + RedisProblem.of(target, e).message(),
          List.of(killedField, goneField));
    }
    List<Field> evidence =
        List.of(
            killedField,
            Outcome.change("connected_clients", before, after),
            new Field("Spared", selection.spared(), false),
            goneField);
    return finished(kills, filter, where, evidence);
  }

  /** A node's part when its connection broke during the kills: what was killed until then. */
  private static EachNode.Part connectionLost(
      Target target, Kills kills, Selection selection, long before) {
    long killed = kills.killed();
    log.warn(
        "target {}: kill-clients lost the connection after {}",
        target.name(),
        killed,
        kills.lost());
    return part(
        killed,
        "stopped after killing "
            + killed
            + " of "
            + Counts.of(selection.matched.size(), "client", "clients")
            + ": "
            + RedisProblem.of(target, kills.lost()).message(),
        List.of(
            kills.killedField(selection.matched.size()),
            Outcome.change("connected_clients", before, "unknown"),
            kills.goneField()));
  }

  /**
   * What killing one node's matching clients came to.
   *
   * @param gone the first few clients killed, described
   * @param lost the error that ended the kills when the connection was lost, else null
   * @param stopped whether Stop ended the kills
   */
  private record Kills(long killed, List<String> gone, RuntimeException lost, boolean stopped) {
    Field killedField(int matched) {
      return new Field("Clients killed", killed + " of " + matched, true);
    }

    Field goneField() {
      return new Field(
          "Killed (first " + SAMPLES + ")",
          gone.isEmpty() ? "none" : String.join("\n", gone),
          false);
    }
  }

  /** CLIENT KILL ID for each matching client, until Stop or a lost connection. */
  private static Kills killMatching(Jedis jedis, Selection selection, Progress progress) {
    long killed = 0;
    var gone = new ArrayList<String>();
    RuntimeException lost = null;
    boolean stopped = false;
    for (ClientInfo client : selection.matched) {
      if (progress.stopRequested()) {
        stopped = true;
        break;
      }
      long n;
      try {
        n = jedis.clientKill(ClientKillParams.clientKillParams().id(client.id()));
      } catch (RuntimeException e) {
        lost = e;
        break;
      }
      killed += n;
      if (n > 0 && gone.size() < SAMPLES) {
        gone.add(client.describe());
      }
    }
    return new Kills(killed, gone, lost, stopped);
  }

  /** A node's part once the kills ended and connected_clients was measured again. */
  private static EachNode.Part finished(
      Kills kills, Filter filter, String where, List<Field> evidence) {
    long killed = kills.killed();
    if (kills.stopped()) {
      return part(
          killed,
          "stopped on request after killing " + Counts.of(killed, "client", "clients"),
          evidence);
    }
    return new EachNode.Part(
        Outcome.doneAfter(
            killed,
            killed == 0
                ? nothingLeft(filter, where)
                : "killed "
                    + Counts.of(killed, "client connection", "client connections")
                    + " on "
                    + where,
            evidence),
        killed);
  }

  /**
   * Refuses to plan a kill that matches no client.
   *
   * @throws NothingToDo when nothing matches
   */
  private static void nothingToDo(int matched, int total, Filter filter, String where) {
    if (matched == 0) {
      throw new NothingToDo(
          "No client matches "
              + filter
              + " on "
              + where
              + " (of "
              + Counts.of(total, "connected client", "connected clients")
              + "; /redis clients lists them): nothing to do.");
    }
  }

  /** The headline of a kill that found no matching client left when it ran. */
  private static String nothingLeft(Filter filter, String where) {
    return "no client matches " + filter + " on " + where + " any more; none was killed";
  }

  /** "closes 3 connections; their applications must reconnect". */
  private static String closes(long n) {
    return "closes "
        + Counts.of(n, "connection", "connections")
        + "; "
        + (n == 1 ? "its application" : "their applications")
        + " must reconnect";
  }

  private static EachNode.Part part(long killed, String headline, List<Field> evidence) {
    return new EachNode.Part(Outcome.stoppedAfter(killed, headline, evidence), killed);
  }

  /** Every node of the cluster: applications hold connections to replicas too. */
  private Plan clusterPlan(Target target, Filter filter) {
    NodeSet set = connector.everyNode(target);
    record Seen(TargetFacts facts, Selection selection) {}
    var read =
        EachNode.read(
            connector,
            set,
            (jedis, node) ->
                new Seen(
                    TargetFacts.read(jedis),
                    filter.select(ClientInfo.parseList(jedis.clientList()))));
    int matched = read.stream().mapToInt(a -> a.value().selection().matched.size()).sum();
    int total = read.stream().mapToInt(a -> a.value().selection().total).sum();
    long killable =
        read.stream()
            .mapToLong(a -> a.value().selection().total - a.value().selection().sparedCount())
            .sum();
    nothingToDo(matched, total, filter, target.name() + " (" + set.describe() + ")");
    var facts = read.stream().map(a -> new EachNode.Answer<>(a.node(), a.value().facts())).toList();
    var plan =
        Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, facts))
            .willRun(
                "CLIENT LIST, then CLIENT KILL ID <id> for each client matching "
                    + filter
                    + ", "
                    + set.onEach()
                    + ", one node after another")
            .willRun("the filter is applied again on each node at that moment")
            .matches(
                matched
                    + " of "
                    + Counts.of(total, "client", "clients")
                    + (matched == 1 ? " matches" : " match")
                    + " on "
                    + set.describe()
                    + ":\n"
                    + read.stream()
                        .map(a -> NodeSet.name(a.node()) + ": " + a.value().selection().describe())
                        .collect(Collectors.joining("\n")))
            .effect(closes(matched));
    filter.params().forEach(plan::param);
    read.stream()
        .flatMap(
            a ->
                a.value().selection().matched.stream()
                    .map(c -> a.node().label() + " " + c.describe()))
        .limit(SAMPLES)
        .forEach(plan::sample);
    plan.risk(Risk.MEDIUM, "clients lose their connection and in-flight commands");
    if (killable > 0 && matched * 2L > killable) {
      plan.risk(Risk.HIGH, "closes more than half of the application connections");
    }
    return plan.build();
  }

  /** The clients a filter matches, and those it spares whatever the filter says. */
  record Selection(List<ClientInfo> matched, int total, Map<String, Integer> sparedByReason) {
    int sparedCount() {
      return sparedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** "1 bot connection, 2 replication links", or "none"; the reasons are singular nouns. */
    String spared() {
      if (sparedByReason.isEmpty()) {
        return "none";
      }
      var parts = new ArrayList<String>();
      sparedByReason.forEach((why, n) -> parts.add(Counts.of(n, why, why + "s")));
      return String.join(", ", parts);
    }

    /** "3 of 12 clients match; spared 1 bot connection". */
    String describe() {
      return matched.size()
          + " of "
          + Counts.of(total, "client", "clients")
          + (matched.size() == 1 ? " matches" : " match")
          + "; spared "
          + spared();
    }
  }

  /** The filters given; at least one. */
  record Filter(Duration idleOver, String user, String addr, String name) {

    static Filter from(Map<String, String> options) {
      Duration idle = null;
      String idleText = blankToNull(options.get("idle-over"));
      if (idleText != null) {
        try {
          idle = Durations.parse(idleText);
        } catch (IllegalArgumentException e) {
          throw new UserFacingException("idle-over:" + idleText + " — " + e.getMessage() + ".");
        }
        if (idle.compareTo(MIN_IDLE) < 0 || idle.compareTo(MAX_IDLE) > 0) {
          throw new UserFacingException(
              "idle-over:" + idleText + " is out of range; use 1s to 30d, like 300s or 10m.");
        }
      }
      String user =
          check(
              "user",
              blankToNull(options.get("user")),
              WORD,
              "an exact ACL user name as CLIENT LIST shows it after user= (letters, digits and"
                  + " . _ : @ -, no patterns such as *), like user:default");
      String addr =
          check(
              "addr",
              blankToNull(options.get("addr")),
              ADDR,
              "an IP address, or ip:port for one connection, as CLIENT LIST shows it after"
                  + " addr= (no patterns such as *), like addr:10.0.0.7 or addr:10.0.0.7:51234");
      String name =
          check(
              "name",
              blankToNull(options.get("name")),
              WORD,
              "an exact client name as CLIENT LIST shows it after name= (letters, digits and"
                  + " . _ : @ -, no patterns such as *), like name:reporting-job");
      if (idle == null && user == null && addr == null && name == null) {
        throw new UserFacingException(
            "Say which clients: give at least one of idle-over:, user:, addr:, name:"
                + " (like idle-over:10m).");
      }
      if (RedisNodes.CLIENT_NAME.equals(name)) {
        throw new UserFacingException(
            "name:" + name + " is the bot's own connections; the bot never kills those.");
      }
      return new Filter(idle, user, addr, name);
    }

    Map<String, String> params() {
      var out = new LinkedHashMap<String, String>();
      if (idleOver != null) {
        out.put("idle-over", Durations.typed(idleOver));
      }
      if (user != null) {
        out.put("user", user);
      }
      if (addr != null) {
        out.put("addr", addr);
      }
      if (name != null) {
        out.put("name", name);
      }
      return out;
    }

    Selection select(List<ClientInfo> clients) {
      var matched = new ArrayList<ClientInfo>();
      var spared = new LinkedHashMap<String, Integer>();
      for (ClientInfo c : clients) {
        String why = protectedReason(c);
        if (why != null) {
          spared.merge(why, 1, Integer::sum);
        } else if (matches(c)) {
          matched.add(c);
        }
      }
      return new Selection(matched, clients.size(), spared);
    }

    private boolean matches(ClientInfo c) {
      return (idleOver == null || c.idleSeconds() > idleOver.toSeconds())
          && (user == null || user.equals(c.user()))
          && (name == null || name.equals(c.name()))
          && (addr == null || addr.equals(c.addr()) || c.addr().startsWith(addr + ":"));
    }

    /** Why a client must never be killed, as a singular noun ("bot connection"), or null. */
    private static String protectedReason(ClientInfo c) {
      if (RedisNodes.CLIENT_NAME.equals(c.name())) {
        return "bot connection";
      }
      if (c.flags().contains("S") || c.flags().contains("M")) {
        return "replication link";
      }
      if (c.name().startsWith("sentinel-")) {
        return "Sentinel connection";
      }
      return null;
    }

    private static String check(String option, String value, Pattern allowed, String valid) {
      if (value != null && !allowed.matcher(value).matches()) {
        throw new UserFacingException(
            option
                + ":"
                + value
                + " cannot be used: give "
                + valid
                + ". /redis clients shows the clients by address, name and user; to close"
                + " several names, run kill-clients once per name.");
      }
      return value;
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
      var parts = new ArrayList<String>();
      params().forEach((k, v) -> parts.add(k + ":" + v));
      return String.join(" ", parts);
    }
  }
}
