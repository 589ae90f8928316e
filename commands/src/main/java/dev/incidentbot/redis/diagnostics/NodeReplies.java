package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Locale;

/**
 * The pieces every diagnostic reply shares: unreachable targets, nodes that failed, node headings,
 * long lists.
 */
public final class NodeReplies {
  private NodeReplies() {}

  /** The reply when no node could be asked: what went wrong, as a sentence. */
  static Reply unavailable(Target target, String what, RedisProblem problem) {
    return Reply.builder(target.name() + ": no " + what)
        .severity(Severity.CRITICAL)
        .text(problem.message())
        .build();
  }

  /**
   * The reply when no node answered: why, as a sentence, and when several nodes were asked a field
   * per node with its own failure.
   */
  public static Reply unavailable(Target target, String what, NodeAnswers<?> answers) {
    RedisProblem problem = answers.unavailable().orElseThrow();
    if (answers.results().size() <= 1) {
      return unavailable(target, what, problem);
    }
    var reply =
        Reply.builder(target.name() + ": no " + what)
            .text("None of the " + Counts.format(answers.results().size()) + " nodes answered.");
    addFailures(reply, answers);
    return reply.build();
  }

  /**
   * Adds one field per node that failed, named after the node, and makes the reply critical, so
   * partial answers say what is missing.
   */
  public static void addFailures(Reply.Builder reply, NodeAnswers<?> answers) {
    for (NodeResult<?> r : answers.results()) {
      if (!r.ok()) {
        reply.field("✖ " + r.node().label(), r.problem().message());
        reply.severity(Severity.CRITICAL);
      }
    }
  }

  /**
   * " on 2 of 3 nodes" when some nodes did not answer, else "": for titles that would otherwise
   * read as if every node had been asked ("no workers registered", "slow log is empty").
   */
  public static String partly(NodeAnswers<?> answers) {
    int asked = answers.results().size();
    int answered = answers.answered().size();
    return answered == asked
        ? ""
        : " on " + Counts.format(answered) + " of " + Counts.of(asked, "node", "nodes");
  }

  /** "127.0.0.1:7001 (primary)", the heading of a node's part of a reply. */
  static String heading(NodeResult<?> r) {
    return r.node().label() + " (" + r.node().role() + ")";
  }

  /** At most {@code max} lines, then "… and N more". */
  public static String limit(List<String> lines, int max) {
    if (lines.size() <= max) {
      return String.join("\n", lines);
    }
    return String.join("\n", lines.subList(0, max))
        + "\n… and "
        + Counts.format(lines.size() - max)
        + " more";
  }

  /** {@code text} cut to {@code max} characters with an ellipsis. */
  static String cut(String text, int max) {
    return Ellipsis.cut(text, max);
  }

  /**
   * MEMORY DOCTOR's and LATENCY DOCTOR's advice without the jokey greeting they open with ("Hi
   * Sam,", "Dave,") and the aside "You don't mind talking about it, do you Dave?"; the joke MEMORY
   * DOCTOR answers on an (almost) empty instance becomes one plain sentence.
   */
  static String doctorAdvice(String text) {
    if (text.toLowerCase(Locale.ROOT)
        .contains("instance is empty or is using very little memory")) {
      return "Too little data for MEMORY DOCTOR to judge: the instance is empty or nearly so.";
    }
    String s = text.strip().replaceFirst("^(?:Hi )?(?:Sam|Dave),\\s*", "");
    s = s.replace(" You don't mind talking about it, do you Dave?", "");
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String ms(double millis) {
    return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.0f ms", millis);
  }

  static String percent(double p) {
    return String.format(Locale.ROOT, "%.0f %%", p);
  }
}
