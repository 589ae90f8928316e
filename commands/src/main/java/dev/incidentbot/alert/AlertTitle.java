package dev.incidentbot.alert;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert title as Alertmanager and Grafana write it: {@code [FIRING:2] RedisDown orders (prod
 * critical)}, {@code [RESOLVED] …}, Grafana's {@code [FIRING:1, RESOLVED:1] …}, or a plain {@code
 * [FIRING] …}.
 *
 * @param status firing when anything fires
 * @param groupPart the alert name and group labels between the tag and the parentheses: what stays
 *     the same for every notification of one group
 * @param commonPart the parenthesised common labels, which change as alerts join or resolve ("")
 */
record AlertTitle(AlertStatus status, String groupPart, String commonPart) {
  private static final Pattern TAG =
      Pattern.compile(
          "^\\s*\\[(FIRING|RESOLVED)(?::\\s*\\d+)?(?:\\s*,\\s*(?:FIRING|RESOLVED):\\s*\\d+)?]\\s*(.*)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TRAILING_PARENS = Pattern.compile("^(.*?)\\s*\\(([^()]*)\\)\\s*$");

  static Optional<AlertTitle> parse(String line) {
    if (line == null) {
      return Optional.empty();
    }
    Matcher tag = TAG.matcher(line.strip());
    if (!tag.matches()) {
      return Optional.empty();
    }
    AlertStatus status = AlertStatus.parse(tag.group(1));
    String rest = tag.group(2).strip();
    Matcher parens = TRAILING_PARENS.matcher(rest);
    if (parens.matches()) {
      return Optional.of(
          new AlertTitle(status, collapse(parens.group(1)), parens.group(2).strip()));
    }
    return Optional.of(new AlertTitle(status, collapse(rest), ""));
  }

  static String collapse(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
