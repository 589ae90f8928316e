package dev.incidentbot.sample;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Port: samples in the bot's own database (never in a Redis it watches). Thread-safe; every method
 * is one short statement.
 */
public interface SampleStore {

  void record(Sample sample);

  /** The newest sample of {@code target}, if any. */
  Optional<Sample> latest(String target);

  /**
   * The samples of {@code targets} taken from {@code from} to {@code to} inclusive, oldest first.
   */
  List<Sample> between(Collection<String> targets, Instant from, Instant to);

  /** Deletes every sample taken before {@code cutoff}; returns how many. */
  int pruneBefore(Instant cutoff);
}
