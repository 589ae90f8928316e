package dev.incidentbot.alert;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.health.HealthReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The runbook's next steps for a scenario as buttons: each runs a bot command for the target, so a
 * press goes through the router with the presser's roles, and a changing action shows its plan and
 * asks for confirmation like a typed one. Only commands the bot has are offered.
 */
final class SuggestedActions {
  /** Discord allows 25 buttons; a triage keeps well under so the message stays readable. */
  static final int MAX_BUTTONS = 10;

  private SuggestedActions() {}

  static List<Button> forReports(List<HealthReport> reports, Predicate<String> known) {
    var buttons = new ArrayList<Button>();
    boolean several = reports.size() > 1;
    for (HealthReport report : reports) {
      for (Button b : forReport(report, several)) {
        if (buttons.size() < MAX_BUTTONS && known.test(b.action().command())) {
          buttons.add(b);
        }
      }
    }
    return buttons;
  }

  private static List<Button> forReport(HealthReport report, boolean several) {
    String target = report.target().name();
    String suffix = several ? " (" + target + ")" : "";
    var list = new ArrayList<Button>();
    if (report.problemVerdict().isPresent()) {
      // the bot cannot log in, or something other than Redis answers: Redis itself may be fine,
      // so nothing to fail over; the fix is in the bot's config, then a re-check
      list.add(button("Re-check" + suffix, Button.Style.PRIMARY, "redis health", target));
      return list;
    }
    switch (report.cause().kind()) {
      case BUSY_SCRIPT, BUSY_FUNCTION ->
          list.add(
              new Button(
                  "Kill the script" + suffix,
                  Button.Style.DANGER,
                  Action.of("redis script-kill", "target", target)));
      case PAUSED_WRITES ->
          list.add(
              new Button(
                  "Unpause" + suffix,
                  Button.Style.DANGER,
                  Action.of("redis client-unpause", "target", target)));
      case LOADING, PAUSED_ALL, NO_ANSWER -> {
        // wait and look again: a restart or a failover now makes it worse
      }
      case FAILOVER, MASTER_GONE, REPLICAS_GONE, RESYNC_LOOP, REPLICA_LAGGING ->
          list.add(button("Topology" + suffix, Button.Style.SECONDARY, "redis topology", target));
      case FRAGMENTED -> {
        list.add(button("Memory" + suffix, Button.Style.SECONDARY, "redis memory", target));
        list.add(
            new Button(
                "Memory purge" + suffix,
                Button.Style.DANGER,
                Action.of("redis memory-purge", "target", target)));
      }
      case EVICTING -> {
        list.add(button("Memory" + suffix, Button.Style.SECONDARY, "redis memory", target));
        list.add(button("Big keys" + suffix, Button.Style.SECONDARY, "redis bigkeys", target));
      }
      case SLOW_COMMANDS, STALLS -> {
        list.add(button("Slowlog" + suffix, Button.Style.SECONDARY, "redis slowlog", target));
        list.add(button("Latency" + suffix, Button.Style.SECONDARY, "redis latency", target));
        list.add(button("Clients" + suffix, Button.Style.SECONDARY, "redis clients", target));
      }
      case MAXCLIENTS, TOO_MANY_CLIENTS -> {
        list.add(button("Clients" + suffix, Button.Style.SECONDARY, "redis clients", target));
        list.add(
            new Button(
                "Kill idle clients" + suffix,
                Button.Style.DANGER,
                Action.of("redis kill-clients", "target", target, "idle-over", "300s")));
      }
      default -> byScenario(report, suffix, target, list);
    }
    list.add(button("Re-check" + suffix, Button.Style.PRIMARY, "redis health", target));
    return list;
  }

  /** The scenario's generic buttons, for a cause without buttons of its own. */
  private static void byScenario(
      HealthReport report, String suffix, String target, List<Button> list) {
    switch (report.scenario()) {
      case UNREACHABLE -> {
        list.add(button("Topology" + suffix, Button.Style.SECONDARY, "redis topology", target));
        if (report.target().mode() != Mode.STANDALONE) {
          // only where there is something to fail over to: Sentinel or Cluster
          list.add(button("Fail over" + suffix, Button.Style.DANGER, "redis failover", target));
        }
      }
      case OUT_OF_MEMORY -> {
        list.add(button("Memory" + suffix, Button.Style.SECONDARY, "redis memory", target));
        list.add(button("Big keys" + suffix, Button.Style.SECONDARY, "redis bigkeys", target));
        list.add(
            new Button(
                "Purge cache:*" + suffix,
                Button.Style.DANGER,
                Action.of("redis purge", "target", target, "pattern", "cache:*")));
      }
      case SLOW -> {
        list.add(button("Slowlog" + suffix, Button.Style.SECONDARY, "redis slowlog", target));
        list.add(button("Latency" + suffix, Button.Style.SECONDARY, "redis latency", target));
        list.add(button("Clients" + suffix, Button.Style.SECONDARY, "redis clients", target));
        list.add(
            new Button(
                "Kill idle clients" + suffix,
                Button.Style.DANGER,
                Action.of("redis kill-clients", "target", target, "idle-over", "300s")));
      }
      case PERSISTENCE ->
          list.add(
              new Button(
                  "BGSAVE" + suffix,
                  Button.Style.DANGER,
                  Action.of("redis persist", "target", target, "op", "bgsave")));
      case REPLICATION ->
          list.add(button("Topology" + suffix, Button.Style.SECONDARY, "redis topology", target));
      case HEALTHY -> {
        // nothing to fix: the re-check is enough
      }
    }
  }

  private static Button button(String label, Button.Style style, String command, String target) {
    return new Button(label, style, Action.of(command, "target", target));
  }
}
