package dev.incidentbot.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the bot samples its targets.
 *
 * @param every the cadence (default 15 s)
 * @param afterAction how long a target is sampled after a recovery action on it, incident or not
 *     (default 30 min, the runbook's "monitor for 30 minutes")
 * @param retention how long samples are kept (default 30 days)
 * @param queues per target name, the queues whose waiting jobs each sample counts: {@code
 *     bull:emails} (BullMQ queue {@code emails} under prefix {@code bull}) or {@code rq:default}
 *     (RQ queue {@code default}); targets missing here have no queue depths in their samples
 */
public record SampleSettings(
    Duration every, Duration afterAction, Duration retention, Map<String, List<String>> queues) {

  public static final Duration DEFAULT_EVERY = Duration.ofSeconds(15);
  public static final Duration DEFAULT_AFTER_ACTION = Duration.ofMinutes(30);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public static final SampleSettings DEFAULTS =
      new SampleSettings(DEFAULT_EVERY, DEFAULT_AFTER_ACTION, DEFAULT_RETENTION, Map.of());

  public SampleSettings {
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(afterAction, "afterAction");
    Objects.requireNonNull(retention, "retention");
    queues = queues == null ? Map.of() : Map.copyOf(queues);
  }

  /** The queues configured for {@code target}. */
  public List<String> queuesOf(String target) {
    return List.copyOf(queues.getOrDefault(target, List.of()));
  }
}
