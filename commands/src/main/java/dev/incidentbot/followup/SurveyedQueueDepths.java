package dev.incidentbot.followup;

import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.queues.QueueState;
import dev.incidentbot.redis.queues.QueueSurvey;
import java.util.TreeMap;

/**
 * Queue depths for follow-up comparisons, from the same survey as {@code /redis queues} (BullMQ
 * under the default prefix, and RQ), summed over every primary. Returns within the target's
 * timeout; when a primary did not answer or the survey ran out of time, the depths say so.
 */
public final class SurveyedQueueDepths implements QueueDepths {
  private final QueueSurvey survey;
  private final NodeCalls calls;

  public SurveyedQueueDepths(QueueSurvey survey, NodeCalls calls) {
    this.survey = survey;
    this.calls = calls;
  }

  @Override
  public Depths of(Target target) {
    var answers = calls.onPrimaries(target, (jedis, node) -> survey.survey(jedis, target));
    var depths = new TreeMap<String, Long>();
    String incomplete = answers.unavailable().map(Snapshot::why).orElse(null);
    for (NodeResult<QueueSurvey.Survey> result : answers.results()) {
      if (!result.ok()) {
        incomplete = incomplete != null ? incomplete : Snapshot.why(result.problem());
        continue;
      }
      QueueSurvey.Survey s = result.value();
      if (!s.complete() || !s.allInspected()) {
        incomplete = incomplete != null ? incomplete : "queue survey timed out";
      }
      for (QueueState queue : s.queues()) {
        depths.merge(queue.system() + " " + queue.name(), queue.depth(), Long::sum);
      }
    }
    if (answers.results().isEmpty() && incomplete == null) {
      incomplete = "no node answered";
    }
    return incomplete == null ? Depths.complete(depths) : Depths.incomplete(depths, incomplete);
  }
}
