package dev.incidentbot.sample;

import dev.incidentbot.schedule.JobState;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.time.Instant;

/**
 * A {@link Timeline} that also keeps a target sampled for {@link SampleSettings#afterAction()}
 * after each recovery action on it (from its confirmation, and again from its outcome: {@link
 * TimelineEvent.Kind#CONFIRMATION} and {@link TimelineEvent.Kind#ACTION} events naming the target),
 * whether or not an incident is open, then records the event in the timeline it wraps. The window
 * lives in {@link JobState}, so it survives a restart and is seen by every bot instance.
 */
public final class SamplingTimeline implements Timeline {
  private final Timeline delegate;
  private final JobState state;
  private final SampleSettings settings;
  private final Clock clock;

  public SamplingTimeline(Timeline delegate, JobState state, SampleSettings settings, Clock clock) {
    this.delegate = delegate;
    this.state = state;
    this.settings = settings;
    this.clock = clock;
  }

  static String untilName(String target) {
    return "after-action-until:" + target;
  }

  /** An action's confirmation (so the action itself is sampled) or its outcome. */
  private static boolean startsWindow(TimelineEvent event) {
    if (event.target() == null) {
      return false;
    }
    return event.kind() == TimelineEvent.Kind.ACTION
        || (event.kind() == TimelineEvent.Kind.CONFIRMATION
            && event.text().startsWith("confirmed"));
  }

  @Override
  public void record(TimelineEvent event) {
    if (startsWindow(event)) {
      Instant until = clock.instant().plus(settings.afterAction());
      state.put(
          SampleJob.STATE_KEY, untilName(event.target()), Long.toString(until.toEpochMilli()));
    }
    delegate.record(event);
  }
}
