package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A message as the fake Discord holds it: the JSON Discord would return, the files uploaded with
 * it, and how it came about. A snapshot: later edits make a new one. Its text accessors read embeds
 * as a Discord user does ({@link RenderedText}: Markdown escapes removed); the {@code raw…} ones
 * and {@link #json()} give what the bot sent.
 *
 * @param json the message object (id, channel_id, content, embeds, components, flags …)
 * @param files uploaded files by name, in order
 * @param allowedMentions what the sender allowed it to mention (missing node if it said nothing)
 * @param interactionId the interaction it answers, or null
 * @param edits how many times it has been edited
 * @param notified the ids of the members Discord notified of it: mentioned, allowed by its {@code
 *     allowed_mentions}, and (for a role) the role mentionable or the bot allowed to mention
 *     everyone
 */
public record FakeMessage(
    ObjectNode json,
    Map<String, byte[]> files,
    JsonNode allowedMentions,
    String interactionId,
    int edits,
    java.util.Set<String> notified) {

  public FakeMessage {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  public String id() {
    return json.path("id").asText();
  }

  public String channelId() {
    return json.path("channel_id").asText();
  }

  public String content() {
    return json.path("content").asText("");
  }

  /** Only the person who ran the command sees it. */
  public boolean ephemeral() {
    return (json.path("flags").asInt() & 64) != 0;
  }

  /** A deferred answer still "thinking". */
  public boolean loading() {
    return (json.path("flags").asInt() & 128) != 0;
  }

  public boolean fromWebhook() {
    return json.hasNonNull("webhook_id");
  }

  public List<JsonNode> embeds() {
    var list = new ArrayList<JsonNode>();
    json.path("embeds").forEach(list::add);
    return list;
  }

  /** The first embed's title as a Discord user reads it ({@link RenderedText}), or "". */
  public String title() {
    return RenderedText.of(rawTitle());
  }

  /** The first embed's title as sent, Markdown escapes and all, or "". */
  public String rawTitle() {
    return json.path("embeds").path(0).path("title").asText("");
  }

  /** The first embed's description as a Discord user reads it ({@link RenderedText}), or "". */
  public String description() {
    return RenderedText.of(rawDescription());
  }

  /** The first embed's description as sent, Markdown escapes and all, or "". */
  public String rawDescription() {
    return json.path("embeds").path(0).path("description").asText("");
  }

  /**
   * Every field of every embed, name to value, in order (a repeated name keeps the last), as a
   * Discord user reads them ({@link RenderedText}).
   */
  public Map<String, String> fields() {
    var fields = new LinkedHashMap<String, String>();
    rawFields().forEach((name, value) -> fields.put(RenderedText.of(name), RenderedText.of(value)));
    return fields;
  }

  /**
   * Every field of every embed as sent, Markdown escapes and all (a repeated name keeps the last).
   */
  public Map<String, String> rawFields() {
    var fields = new LinkedHashMap<String, String>();
    for (JsonNode embed : embeds()) {
      embed
          .path("fields")
          .forEach(f -> fields.put(f.path("name").asText(), f.path("value").asText()));
    }
    return fields;
  }

  /** The embeds' colour (of the first), or -1. */
  public int color() {
    return json.path("embeds").path(0).path("color").asInt(-1);
  }

  /** Button labels in order, row by row. */
  public List<String> buttonLabels() {
    return buttons().stream().map(b -> b.path("label").asText()).toList();
  }

  /** The button with {@code label}. */
  public Optional<JsonNode> button(String label) {
    return buttons().stream().filter(b -> label.equals(b.path("label").asText())).findFirst();
  }

  public List<JsonNode> buttons() {
    var list = new ArrayList<JsonNode>();
    json.path("components").forEach(row -> row.path("components").forEach(list::add));
    return list;
  }

  /** A file's content as UTF-8 text. */
  public Optional<String> fileText(String name) {
    return Optional.ofNullable(files.get(name)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * All visible text as a Discord user reads it: content, then titles, descriptions, field names
   * and values ({@link RenderedText}).
   */
  public String allText() {
    return allText(true);
  }

  /** All visible text as sent, Markdown escapes and all. */
  public String rawAllText() {
    return allText(false);
  }

  private String allText(boolean rendered) {
    UnaryOperator<String> read = rendered ? RenderedText::of : s -> s;
    var sb = new StringBuilder(content());
    for (JsonNode embed : embeds()) {
      sb.append('\n').append(read.apply(embed.path("title").asText("")));
      sb.append('\n').append(read.apply(embed.path("description").asText("")));
      embed
          .path("fields")
          .forEach(
              f ->
                  sb.append('\n')
                      .append(read.apply(f.path("name").asText()))
                      .append('\n')
                      .append(read.apply(f.path("value").asText())));
    }
    return sb.toString();
  }
}
