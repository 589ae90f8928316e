package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A modal (form) the bot opened in answer to an interaction, as Discord accepted it (a snapshot).
 *
 * @param json the modal object the bot sent: custom_id, title, components
 * @param openedBy the interaction it answers (a slash command or a button press)
 */
public record FakeModal(ObjectNode json, FakeInteraction openedBy) {

  /** One input of the modal, whichever way it is laid out (a label's child, or an action row's). */
  public record Field(
      String customId,
      String label,
      int componentType,
      int style,
      boolean required,
      int minLength,
      int maxLength,
      String placeholder,
      String value,
      List<String> options) {

    /** A string select rather than a text input. */
    public boolean isSelect() {
      return componentType == DiscordRules.STRING_SELECT;
    }

    /** A multi-line text input. */
    public boolean isParagraph() {
      return componentType == DiscordRules.TEXT_INPUT && style == 2;
    }
  }

  public String customId() {
    return json.path("custom_id").asText();
  }

  public String title() {
    return json.path("title").asText();
  }

  /** The inputs by custom id, in order. */
  public Map<String, Field> fields() {
    var fields = new LinkedHashMap<String, Field>();
    for (JsonNode top : json.path("components")) {
      boolean isLabel = top.path("type").asInt() == DiscordRules.LABEL_TYPE;
      JsonNode input = isLabel ? top.path("component") : top.path("components").path(0);
      String label = isLabel ? top.path("label").asText() : input.path("label").asText();
      fields.put(input.path("custom_id").asText(), field(input, label));
    }
    return fields;
  }

  /** What each input holds when the modal opens: the prefilled text or the default choice. */
  public Map<String, String> values() {
    var values = new LinkedHashMap<String, String>();
    fields().forEach((id, f) -> values.put(id, f.value()));
    return values;
  }

  /** The labels the person reads, in order. */
  public List<String> labels() {
    return fields().values().stream().map(Field::label).toList();
  }

  private static Field field(JsonNode input, String label) {
    int type = input.path("type").asInt();
    var options = new ArrayList<String>();
    String value;
    if (type == DiscordRules.STRING_SELECT) {
      var defaults = new ArrayList<String>();
      for (JsonNode o : input.path("options")) {
        options.add(o.path("value").asText());
        if (o.path("default").asBoolean(false)) {
          defaults.add(o.path("value").asText());
        }
      }
      value = String.join(",", defaults);
    } else {
      value = input.path("value").asText("");
    }
    boolean required =
        type == DiscordRules.STRING_SELECT
            ? input.path("required").asBoolean(true) && input.path("min_values").asInt(1) > 0
            : input.path("required").asBoolean(true);
    return new Field(
        input.path("custom_id").asText(),
        label,
        type,
        input.path("style").asInt(0),
        required,
        type == DiscordRules.STRING_SELECT
            ? input.path("min_values").asInt(1)
            : input.path("min_length").asInt(0),
        type == DiscordRules.STRING_SELECT
            ? input.path("max_values").asInt(1)
            : input.path("max_length").asInt(DiscordRules.TEXT_VALUE),
        input.path("placeholder").asText(""),
        value,
        List.copyOf(options));
  }
}
