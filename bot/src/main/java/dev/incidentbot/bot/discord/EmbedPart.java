package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Field;
import java.util.List;

/**
 * One embed as it will be sent: already within {@link DiscordLimits}.
 *
 * @param title may be empty
 * @param description may be empty
 * @param color RGB
 * @param fields at most 25, each within the name and value limits
 */
record EmbedPart(String title, String description, int color, List<Field> fields) {
  EmbedPart {
    fields = List.copyOf(fields);
  }

  /** The characters Discord counts towards the 6,000 per message. */
  int length() {
    int n = title.length() + description.length();
    for (Field f : fields) {
      n += f.name().length() + f.value().length();
    }
    return n;
  }
}
