package dev.incidentbot.alert.silence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence as an Alertmanager holds it ({@code GET /api/v2/silences}).
 *
 * @param alertmanager the configured name of the Alertmanager it was read from
 * @param id Alertmanager's id
 * @param matchers its matchers
 * @param startsAt when it started
 * @param endsAt when it ends
 * @param createdBy who created it
 * @param comment its comment
 * @param state "active", "pending" or "expired"
 */
public record ActiveSilence(
    String alertmanager,
    String id,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment,
    String state) {

  public ActiveSilence {
    Objects.requireNonNull(alertmanager, "alertmanager");
    Objects.requireNonNull(id, "id");
    matchers = List.copyOf(matchers);
    createdBy = createdBy == null ? "" : createdBy;
    comment = comment == null ? "" : comment;
    state = state == null ? "" : state;
  }

  public boolean active() {
    return "active".equals(state);
  }
}
