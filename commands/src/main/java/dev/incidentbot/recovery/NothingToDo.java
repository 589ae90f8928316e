package dev.incidentbot.recovery;

import dev.incidentbot.chat.UserFacingException;

/**
 * A dry run that found nothing to change: no key, client or job matches. {@link PlanCommand}
 * answers with the message as plain information — no plan, no buttons, no follow-ups — rather than
 * as an error. It is a {@link UserFacingException} so that the helpers which let those through
 * (such as {@code TargetConnector.unreachable}) let this one through too.
 */
public final class NothingToDo extends UserFacingException {
  /**
   * @param message what was looked for and where, ending in "nothing to do.": "Nothing matches
   *     nomatch:* on cache: nothing to do."
   */
  public NothingToDo(String message) {
    super(message);
  }
}
