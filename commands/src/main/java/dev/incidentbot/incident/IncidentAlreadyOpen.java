package dev.incidentbot.incident;

/**
 * An {@link NewIncident#exclusive() exclusive} declaration met an open incident with the same title
 * and targets, declared first by someone else (or by the same person twice, or on another bot
 * instance): nothing was stored.
 */
public final class IncidentAlreadyOpen extends RuntimeException {
  private final String openId;

  /**
   * @param openId the incident already open ({@code INC-7})
   */
  public IncidentAlreadyOpen(String openId) {
    super(openId + " is already open with this title and targets");
    this.openId = openId;
  }

  /** The incident already open: {@code INC-7}. */
  public String openId() {
    return openId;
  }
}
