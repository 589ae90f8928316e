package dev.incidentbot.review;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Place;
import dev.incidentbot.followup.FollowUpCharts;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentStore;
import java.util.List;
import java.util.Optional;

/**
 * The chart attached to a follow-up check that did not hold: that of the open incident whose thread
 * the check posts in, else of the open incident that has the target; none without one.
 */
public final class RegressionCharts implements FollowUpCharts {
  private final IncidentStore incidents;
  private final IncidentCharts charts;

  public RegressionCharts(IncidentStore incidents, IncidentCharts charts) {
    this.incidents = incidents;
    this.charts = charts;
  }

  @Override
  public Optional<Attachment> chart(String target, Place place) {
    List<Incident> open = incidents.open();
    return open.stream()
        .filter(i -> place.equals(i.thread()))
        .findFirst()
        .or(() -> open.stream().filter(i -> i.targets().contains(target)).findFirst())
        .map(charts::render);
  }
}
