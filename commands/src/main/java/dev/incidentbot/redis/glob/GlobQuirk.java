package dev.incidentbot.redis.glob;

/**
 * A construct Redis accepts but a person likely did not mean, found while compiling a glob: the bot
 * follows Redis's reading exactly, and a purge refuses a pattern with a quirk, quoting {@link
 * #explanation()}.
 *
 * @param kind which construct
 * @param source the part of the pattern it concerns, such as {@code [ab}
 * @param explanation what Redis does with it and what to write instead, as a sentence
 */
public record GlobQuirk(Kind kind, String source, String explanation) {

  /** The constructs that read differently from what they look like. */
  public enum Kind {
    /** {@code [ab} with no {@code ]}: the class just ends with the pattern. */
    UNTERMINATED_CLASS,
    /** {@code []}: a {@code ]} right after {@code [} closes an empty class. */
    EMPTY_CLASS,
    /** {@code [^]}: an empty class negated, so any byte. */
    NEGATED_EMPTY_CLASS,
    /** A {@code \} as the very last character: a literal backslash. */
    TRAILING_BACKSLASH,
    /** A range whose ends lie on both sides of 0x80: x86 and ARM builds read it differently. */
    SIGNEDNESS_DEPENDENT_RANGE
  }
}
