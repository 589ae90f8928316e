package dev.incidentbot.bot.discord.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code multipart/form-data} body, as JDA sends messages with files. */
final class Multipart {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

  /** One part: its form name, its file name (null for fields) and its bytes. */
  record Part(String name, String fileName, byte[] content) {}

  private Multipart() {}

  static List<Part> parse(String contentType, byte[] body) {
    Matcher b = BOUNDARY.matcher(contentType);
    if (!b.find()) {
      throw new IllegalArgumentException("multipart without boundary: " + contentType);
    }
    // ISO-8859-1 maps every byte to one char and back, so binary file content survives.
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + b.group(1);
    var parts = new ArrayList<Part>();
    for (String chunk : text.split(Pattern.quote(delimiter))) {
      if (chunk.isEmpty() || chunk.startsWith("--")) {
        continue;
      }
      String section = chunk.startsWith("\r\n") ? chunk.substring(2) : chunk;
      int headerEnd = section.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        continue;
      }
      String headers = section.substring(0, headerEnd);
      String content = section.substring(headerEnd + 4);
      if (content.endsWith("\r\n")) {
        content = content.substring(0, content.length() - 2);
      }
      Matcher name = NAME.matcher(headers);
      Matcher file = FILE_NAME.matcher(headers);
      parts.add(
          new Part(
              name.find() ? name.group(1) : "",
              file.find() ? file.group(1) : null,
              content.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return parts;
  }
}
