package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Discord checks before it accepts a message, written from its API documentation (message,
 * embed and component limits), plus the one rule of this project that Discord leaves optional:
 * every message must say whom it may mention ({@code allowed_mentions}). A message that breaks a
 * rule gets the same answer Discord gives: HTTP 400, code 50035, the problems by field path.
 */
final class DiscordRules {
  static final int CONTENT = 2000;
  static final int EMBEDS = 10;
  static final int EMBED_TITLE = 256;
  static final int EMBED_DESCRIPTION = 4096;
  static final int EMBED_FIELDS = 25;
  static final int FIELD_NAME = 256;
  static final int FIELD_VALUE = 1024;
  static final int FOOTER = 2048;
  static final int AUTHOR = 256;
  static final int EMBED_TOTAL = 6000;
  static final int ACTION_ROWS = 5;
  static final int ROW_CHILDREN = 5;
  static final int CUSTOM_ID = 100;
  static final int BUTTON_LABEL = 80;
  static final int FILES = 10;
  static final long FILE_BYTES = 10L * 1024 * 1024;
  static final int CHOICES = 25;

  private DiscordRules() {}

  /**
   * The problems of a message body, by field path ("embeds.0.description"); empty when Discord
   * would accept it.
   *
   * @param creating true for a new message, false for an edit (which may leave fields out)
   * @param fileSizes the sizes of the files uploaded with it
   */
  static Map<String, String> check(JsonNode body, boolean creating, List<Integer> fileSizes) {
    var problems = new LinkedHashMap<String, String>();
    boolean setsText = body.has("content") || body.has("embeds");
    if ((creating || setsText) && !body.hasNonNull("allowed_mentions")) {
      problems.put(
          "allowed_mentions",
          "Required by the fake Discord: every message must say whom it may mention.");
    }
    String content = body.path("content").asText("");
    if (content.length() > CONTENT) {
      problems.put("content", max(CONTENT, content.length()));
    }
    checkEmbeds(body.path("embeds"), problems);
    checkComponents(body.path("components"), problems);
    if (fileSizes.size() > FILES) {
      problems.put("files", "Must be " + FILES + " or fewer files, not " + fileSizes.size() + ".");
    }
    for (int i = 0; i < fileSizes.size(); i++) {
      if (fileSizes.get(i) > FILE_BYTES) {
        problems.put("files." + i, "Request entity too large: " + fileSizes.get(i) + " bytes.");
      }
    }
    boolean empty =
        content.isEmpty()
            && body.path("embeds").isEmpty()
            && body.path("components").isEmpty()
            && fileSizes.isEmpty();
    if (creating && empty) {
      problems.put("content", "Cannot send an empty message.");
    }
    return problems;
  }

  private static void checkEmbeds(JsonNode embeds, Map<String, String> problems) {
    if (embeds.size() > EMBEDS) {
      problems.put("embeds", "Must be " + EMBEDS + " or fewer in length, not " + embeds.size());
    }
    int total = 0;
    for (int i = 0; i < embeds.size(); i++) {
      JsonNode e = embeds.get(i);
      String at = "embeds." + i;
      total += length(e, "title", EMBED_TITLE, at, problems);
      total += length(e, "description", EMBED_DESCRIPTION, at, problems);
      total += length(e.path("footer"), "text", FOOTER, at + ".footer", problems);
      total += length(e.path("author"), "name", AUTHOR, at + ".author", problems);
      JsonNode fields = e.path("fields");
      if (fields.size() > EMBED_FIELDS) {
        problems.put(at + ".fields", "Must be " + EMBED_FIELDS + " or fewer in length.");
      }
      for (int f = 0; f < fields.size(); f++) {
        String fieldAt = at + ".fields." + f;
        for (String key : List.of("name", "value")) {
          if (fields.get(f).path(key).asText("").isEmpty()) {
            problems.put(fieldAt + "." + key, "This field is required");
          }
        }
        total += length(fields.get(f), "name", FIELD_NAME, fieldAt, problems);
        total += length(fields.get(f), "value", FIELD_VALUE, fieldAt, problems);
      }
    }
    if (total > EMBED_TOTAL) {
      problems.put(
          "embeds", "Embed size exceeds maximum size of " + EMBED_TOTAL + " (" + total + ")");
    }
  }

  private static void checkComponents(JsonNode rows, Map<String, String> problems) {
    if (rows.size() > ACTION_ROWS) {
      problems.put("components", "Must be " + ACTION_ROWS + " or fewer in length.");
    }
    var ids = new HashSet<String>();
    for (int r = 0; r < rows.size(); r++) {
      JsonNode children = rows.get(r).path("components");
      if (children.size() > ROW_CHILDREN) {
        problems.put(
            "components." + r + ".components", "Must be " + ROW_CHILDREN + " or fewer in length.");
      }
      for (int c = 0; c < children.size(); c++) {
        JsonNode button = children.get(c);
        String at = "components." + r + ".components." + c;
        String id = button.path("custom_id").asText("");
        if (button.path("style").asInt() != 5 && id.isEmpty()) {
          problems.put(at + ".custom_id", "A custom id is required");
        }
        if (id.length() > CUSTOM_ID) {
          problems.put(at + ".custom_id", max(CUSTOM_ID, id.length()));
        }
        if (!id.isEmpty() && !ids.add(id)) {
          problems.put(at + ".custom_id", "Component custom id cannot be duplicated");
        }
        if (button.path("label").asText("").length() > BUTTON_LABEL) {
          problems.put(at + ".label", max(BUTTON_LABEL, button.path("label").asText().length()));
        }
      }
    }
  }

  /** Problems of autocomplete choices. */
  static Map<String, String> checkChoices(JsonNode choices) {
    var problems = new LinkedHashMap<String, String>();
    if (choices.size() > CHOICES) {
      problems.put("choices", "Must be " + CHOICES + " or fewer in length.");
    }
    for (int i = 0; i < choices.size(); i++) {
      int n = choices.get(i).path("name").asText("").length();
      if (n < 1 || n > 100) {
        problems.put("choices." + i + ".name", "Must be between 1 and 100 in length.");
      }
    }
    return problems;
  }

  /**
   * Whether {@code allowedMentions} lets the message ping more than this project allows, or null
   * when it does not. Allowed: the on-call role, and people listed by id (a reply's explicit
   * mentions). Never allowed: parsing mentions out of the text (users, roles, everyone), any other
   * role.
   */
  static String mentionLeak(JsonNode allowedMentions, String onCallRoleId) {
    if (allowedMentions == null || allowedMentions.isNull() || allowedMentions.isMissingNode()) {
      return null;
    }
    var leaks = new ArrayList<String>();
    allowedMentions.path("parse").forEach(p -> leaks.add("parse " + p.asText()));
    allowedMentions
        .path("roles")
        .forEach(
            r -> {
              if (!r.asText().equals(onCallRoleId)) {
                leaks.add("role " + r.asText());
              }
            });
    return leaks.isEmpty() ? null : String.join(", ", leaks);
  }

  /** Discord's error body for {@code problems}, nested by path as Discord nests it. */
  static ObjectNode error(Map<String, String> problems) {
    ObjectNode errors = Json.object();
    problems.forEach(
        (path, message) -> {
          ObjectNode node = errors;
          for (String key : path.split("\\.")) {
            node = node.has(key) ? (ObjectNode) node.get(key) : node.putObject(key);
          }
          node.putArray("_errors")
              .addObject()
              .put("code", "BASE_TYPE_INVALID")
              .put("message", message);
        });
    ObjectNode body = Json.object().put("code", 50035).put("message", "Invalid Form Body");
    body.set("errors", errors);
    return body;
  }

  private static int length(
      JsonNode node, String key, int limit, String at, Map<String, String> problems) {
    int n = node.path(key).asText("").length();
    if (n > limit) {
      problems.put(at + "." + key, max(limit, n));
    }
    return n;
  }

  private static String max(int limit, int actual) {
    return "Must be " + limit + " or fewer in length (was " + actual + ").";
  }
}
