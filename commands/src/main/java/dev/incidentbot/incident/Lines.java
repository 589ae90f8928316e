package dev.incidentbot.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-line answers (user impact, next steps): one item per line, or separated by {@code |} where
 * a line cannot hold a newline (the console). Bullets and numbers people paste are dropped, since
 * the template adds its own.
 */
final class Lines {
  private Lines() {}

  static List<String> split(String text) {
    var items = new ArrayList<String>();
    for (String part : text.split("[\\n|]")) {
      String item = part.strip().replaceFirst("^([-*•]|\\d{1,2}[.)])\\s+", "").strip();
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return items;
  }

  /** The items as a form prefill: one per line. */
  static String join(List<String> items) {
    return String.join("\n", items);
  }
}
