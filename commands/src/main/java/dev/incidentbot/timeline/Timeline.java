package dev.incidentbot.timeline;

/**
 * Port: records events into the timeline of every open incident they belong to (the incident's
 * thread is the event's place, or the event's target is one of the incident's targets). Events that
 * belong to no open incident are dropped. Thread-safe.
 */
public interface Timeline {

  /** A timeline that records nothing, for wiring without incidents and for tests. */
  Timeline NONE = event -> {};

  void record(TimelineEvent event);
}
