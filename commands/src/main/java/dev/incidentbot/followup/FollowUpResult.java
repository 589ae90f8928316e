package dev.incidentbot.followup;

import dev.incidentbot.chat.Severity;
import dev.incidentbot.followup.Comparison.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one follow-up check found, for the {@code followup-result} template.
 *
 * @param label when the check ran, relative to the action ({@code +5 min})
 * @param target the target's name
 * @param verdict held, with warnings, still broken or regressed
 * @param severity the reply's colour, worked out from the findings
 * @param scenario the runbook scenario the target is in now ({@code Memory full})
 * @param regressions what got worse than the baseline, worst first
 * @param subject what is followed up ("purge cache:* by alice"), or empty
 * @param lateNote why the check ran late, or empty
 * @param problem why the target could not be checked, or empty
 * @param rows the before / previous / now table
 */
public record FollowUpResult(
    String label,
    String target,
    Verdict verdict,
    Severity severity,
    String scenario,
    List<String> regressions,
    String subject,
    String lateNote,
    String problem,
    String rows) {

  public FollowUpResult {
    regressions = List.copyOf(regressions);
  }

  /** The template's model; the names are listed in {@code templates/README.md}. */
  Map<String, Object> model() {
    var m = new LinkedHashMap<String, Object>();
    m.put("label", label);
    m.put("target", target);
    m.put("regression", verdict == Verdict.REGRESSION);
    m.put("notFixed", verdict == Verdict.NOT_FIXED);
    m.put("warnings", verdict == Verdict.WARNINGS);
    m.put("holding", verdict == Verdict.HOLDING);
    m.put("severity", severity.name().toLowerCase(Locale.ROOT));
    m.put("scenario", scenario);
    m.put("firstRegression", regressions.isEmpty() ? "" : regressions.get(0));
    m.put("regressions", regressions);
    m.put("severalRegressions", regressions.size() > 1);
    m.put("subject", subject);
    m.put("lateNote", lateNote);
    m.put("problem", problem);
    m.put("rows", rows);
    return m;
  }

  /** A result with every name filled, to check the template at start-up. */
  static FollowUpResult sample() {
    return new FollowUpResult(
        "+5 min",
        "cache",
        Verdict.REGRESSION,
        Severity.CRITICAL,
        "Memory full",
        List.of("memory 86 % (was 41 %)", "evictions 1,204 new"),
        "purge cache:* by alice",
        "late by 4 min: the bot was down",
        "cannot connect",
        "         before  now\nmemory   91 %    41 %");
  }
}
