package dev.incidentbot.followup;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobRun;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the target a job names; says so where the job posts when it is no longer configured. */
final class JobTargets {
  private static final Logger log = LoggerFactory.getLogger(JobTargets.class);

  private JobTargets() {}

  static Optional<Target> find(Targets targets, JobRun run, Outbox outbox) {
    String name = run.param(Job.PARAM_TARGET);
    Optional<Target> target = targets.all().stream().filter(t -> t.name().equals(name)).findFirst();
    if (target.isEmpty()) {
      log.warn(
          "job {} ({}) names target {}, which is no longer configured",
          run.jobId(),
          run.job().type(),
          name);
      outbox.post(
          run.place(),
          Reply.text(
              "Skipped "
                  + run.job().description()
                  + ": target '"
                  + name
                  + "' is no longer configured. /followup cancel id:"
                  + run.jobId()
                  + " stops it."),
          run.postKey("skipped"));
    }
    return target;
  }
}
