package dev.incidentbot.chat;

import java.util.Objects;

/** Preformatted text such as a command line or a table, shown in monospace. */
public record CodeBlock(String language, String content) {
  public CodeBlock {
    Objects.requireNonNull(content, "content");
    language = language == null ? "" : language;
  }
}
