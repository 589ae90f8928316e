package dev.incidentbot.followup;

import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.queues.QueueState;
import dev.incidentbot.redis.queues.QueueSurvey;
import java.util.Map;
import java.util.TreeMap;

/**
 * Queue depths for follow-up comparisons, from the same survey as {@code /redis queues} (BullMQ
 * under the default prefix, and RQ), summed over every primary. Returns within the target's
 * timeout; a target that does not answer has no depths (the check's health part says why).
 */
public final class SurveyedQueueDepths implements QueueDepths {
  private final QueueSurvey survey;
  private final NodeCalls calls;

  public SurveyedQueueDepths(QueueSurvey survey, NodeCalls calls) {
    this.survey = survey;
    this.calls = calls;
  }

  @Override
  public Map<String, Long> of(Target target) {
    var answers = calls.onPrimaries(target, (jedis, node) -> survey.survey(jedis, target));
    var depths = new TreeMap<String, Long>();
    for (NodeResult<QueueSurvey.Survey> result : answers.answered()) {
      for (QueueState queue : result.value().queues()) {
        depths.merge(queue.system() + " " + queue.name(), queue.depth(), Long::sum);
      }
    }
    return depths;
  }
}
