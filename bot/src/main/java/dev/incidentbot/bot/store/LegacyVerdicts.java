package dev.incidentbot.bot.store;

import dev.incidentbot.followup.FollowUpCheck;
import dev.incidentbot.timeline.TimelineEvent;
import dev.incidentbot.timeline.TimelineEvent.Kind;
import dev.incidentbot.timeline.TimelineEvent.Verdict;
import java.util.Locale;

/**
 * The verdict of a follow-up check recorded before verdicts had their own column (migration V51),
 * read from the words of the built-in {@code followup-result} title ("holding ✔", "holding, with
 * warnings", "still Memory full", "REGRESSION — …"), as the review read every check before. Rows
 * written since carry their verdict and are never read this way; an incident watch's post has none.
 */
final class LegacyVerdicts {
  private LegacyVerdicts() {}

  /** {@code e} with the verdict its row recorded or, for an older follow-up row, its title's. */
  static TimelineEvent read(TimelineEvent e) {
    if (e.verdict() != null
        || e.kind() != Kind.FOLLOW_UP
        || !FollowUpCheck.ACTOR.equals(e.actor())) {
      return e;
    }
    Verdict v = fromTitle(e.text());
    return v == null
        ? e
        : new TimelineEvent(e.at(), e.kind(), e.actor(), e.target(), e.place(), e.text(), v);
  }

  private static Verdict fromTitle(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("regression")) {
      return Verdict.REGRESSED;
    }
    if (lower.contains("still ")) {
      return Verdict.NOT_FIXED;
    }
    if (lower.contains("holding, with warnings")) {
      return Verdict.HELD_WITH_WARNINGS;
    }
    return lower.contains("holding") ? Verdict.HELD : null;
  }
}
