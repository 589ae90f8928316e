package dev.incidentbot.followup;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Place;
import java.util.Optional;

/**
 * Port: a chart to attach to a follow-up check that found the fix did not hold, so people see the
 * regression rather than read it. The incident review feature implements it with the chart of the
 * open incident the check belongs to. Thread-safe; may take a fraction of a second.
 */
@FunctionalInterface
public interface FollowUpCharts {

  /** No charts: for wiring without samples. */
  FollowUpCharts NONE = (target, place) -> Optional.empty();

  /**
   * The chart for a check of {@code target} posted at {@code place}, if there is an incident to
   * chart.
   */
  Optional<Attachment> chart(String target, Place place);
}
