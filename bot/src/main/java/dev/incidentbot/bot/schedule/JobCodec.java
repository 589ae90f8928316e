package dev.incidentbot.bot.schedule;

import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.schedule.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Turns a {@link Job} into Quartz's job detail and trigger and back. Job data holds strings only
 * (the store runs with {@code useProperties}), so nothing Java-serialised ever reaches the
 * database.
 *
 * <p>Misfire policy, chosen so that a run missed while the bot was down runs once, late, and never
 * as a burst:
 *
 * <ul>
 *   <li>one-off: fire now ({@code MISFIRE_INSTRUCTION_FIRE_NOW});
 *   <li>repeating: fire now once for all missed runs, keep the remaining count, continue every
 *       interval from now ({@code RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT}). The trigger has a
 *       repeat count instead of an end time, because Quartz drops a misfired trigger whose end time
 *       has passed without running it at all;
 *   <li>cron: fire once now, then continue on the expression ({@code FIRE_ONCE_NOW}).
 * </ul>
 *
 * Cron expressions are evaluated in UTC.
 */
final class JobCodec {
  static final TimeZone CRON_ZONE = TimeZone.getTimeZone("UTC");

  private static final String TYPE = "type";
  private static final String DESCRIPTION = "description";
  private static final String FIRST_AT = "firstAt";
  private static final String EVERY = "every";
  private static final String UNTIL = "until";
  private static final String CRON = "cron";
  private static final String PARAM = "p.";

  /** Quartz's DESCRIPTION columns hold 250 characters; the full text is in the job data. */
  private static final int DESCRIPTION_COLUMN = 250;

  private JobCodec() {}

  static JobDetail detail(String id, Job job) {
    var data = new JobDataMap();
    data.put(TYPE, job.type());
    data.put(DESCRIPTION, job.description());
    if (job.firstAt() != null) {
      data.put(FIRST_AT, Long.toString(job.firstAt().toEpochMilli()));
    }
    if (job.every() != null) {
      data.put(EVERY, Long.toString(job.every().toMillis()));
    }
    if (job.until() != null) {
      data.put(UNTIL, Long.toString(job.until().toEpochMilli()));
    }
    if (job.cron() != null) {
      data.put(CRON, job.cron());
    }
    job.params().forEach((k, v) -> data.put(PARAM + k, v));
    return JobBuilder.newJob(HandlerJob.class)
        .withIdentity(id, job.group())
        .withDescription(column(job.description()))
        .usingJobData(data)
        .requestRecovery(true)
        .build();
  }

  static Trigger trigger(String id, Job job) {
    var builder =
        TriggerBuilder.newTrigger()
            .withIdentity(id, job.group())
            .withDescription(column(job.type()));
    if (job.cron() != null) {
      return builder
          .startNow()
          .withSchedule(
              CronScheduleBuilder.cronSchedule(job.cron())
                  .inTimeZone(CRON_ZONE)
                  .withMisfireHandlingInstructionFireAndProceed())
          .build();
    }
    builder.startAt(Date.from(job.firstAt()));
    if (job.every() == null) {
      return builder
          .withSchedule(
              SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
          .build();
    }
    var schedule =
        SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(job.every().toMillis())
            .withMisfireHandlingInstructionNowWithRemainingCount();
    if (job.until() == null) {
      schedule.repeatForever();
    } else {
      long span = job.until().toEpochMilli() - job.firstAt().toEpochMilli();
      long repeats = span / job.every().toMillis();
      schedule.withRepeatCount((int) Math.min(Integer.MAX_VALUE - 1, repeats));
    }
    return builder.withSchedule(schedule).build();
  }

  static Job job(JobDetail detail) {
    JobDataMap data = detail.getJobDataMap();
    Map<String, String> params = new HashMap<>();
    for (String key : data.getKeys()) {
      if (key.startsWith(PARAM)) {
        params.put(key.substring(PARAM.length()), data.getString(key));
      }
    }
    return new Job(
        data.getString(TYPE),
        detail.getKey().getGroup(),
        params,
        instant(data.getString(FIRST_AT)),
        data.containsKey(EVERY) ? Duration.ofMillis(Long.parseLong(data.getString(EVERY))) : null,
        instant(data.getString(UNTIL)),
        data.getString(CRON),
        data.getString(DESCRIPTION));
  }

  private static Instant instant(String millis) {
    return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
  }

  private static String column(String text) {
    return Ellipsis.cut(text, DESCRIPTION_COLUMN);
  }
}
