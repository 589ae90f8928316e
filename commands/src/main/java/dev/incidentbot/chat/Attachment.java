package dev.incidentbot.chat;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A file sent with a reply, such as an exported timeline. */
public record Attachment(String fileName, String contentType, byte[] content) {
  public Attachment {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(contentType, "contentType");
    content = content.clone();
  }

  public static Attachment text(String fileName, String text) {
    return new Attachment(fileName, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public int size() {
    return content.length;
  }
}
