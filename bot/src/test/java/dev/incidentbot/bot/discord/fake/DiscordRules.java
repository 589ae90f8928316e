package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Discord checks before it accepts a message or a modal, written from its API documentation
 * (message, embed, component and modal limits), plus the one rule of this project that Discord
 * leaves optional: every message must say whom it may mention ({@code allowed_mentions}). A message
 * that breaks a rule gets the same answer Discord gives: HTTP 400, code 50035, the problems by
 * field path.
 */
final class DiscordRules {
  static final int CONTENT = 2000;
  static final int NONCE = 25;
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
  static final int MODAL_TITLE = 45;
  static final int MODAL_COMPONENTS = 5;
  static final int LABEL = 45;
  static final int LABEL_DESCRIPTION = 100;
  static final int TEXT_VALUE = 4000;
  static final int TEXT_PLACEHOLDER = 100;
  static final int SELECT_OPTIONS = 25;
  static final int SELECT_OPTION_TEXT = 100;
  static final int SELECT_PLACEHOLDER = 150;

  /** Component types: action row, string select, text input, label. */
  static final int ACTION_ROW = 1;

  static final int STRING_SELECT = 3;
  static final int TEXT_INPUT = 4;
  static final int LABEL_TYPE = 18;

  /** Message flags (developers/resources/message.mdx, "Message Flags"). */
  static final long SUPPRESS_EMBEDS = 1 << 2;

  static final long EPHEMERAL = 1 << 6;
  static final long SUPPRESS_NOTIFICATIONS = 1 << 12;
  static final long IS_VOICE_MESSAGE = 1 << 13;
  static final long IS_COMPONENTS_V2 = 1 << 15;

  /**
   * Flags an interaction response may set (developers/interactions/receiving-and-responding.mdx,
   * "Interaction Callback Data Structure", Messages: only SUPPRESS_EMBEDS, EPHEMERAL,
   * IS_COMPONENTS_V2, IS_VOICE_MESSAGE and SUPPRESS_NOTIFICATIONS).
   */
  static final long CALLBACK_FLAGS =
      SUPPRESS_EMBEDS | EPHEMERAL | IS_COMPONENTS_V2 | IS_VOICE_MESSAGE | SUPPRESS_NOTIFICATIONS;

  /**
   * Flags a follow-up may set: Execute Webhook's (developers/resources/webhook.mdx, "Execute
   * Webhook": only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2) plus EPHEMERAL
   * (receiving-and-responding.mdx, "Create Followup Message").
   */
  static final long FOLLOW_UP_FLAGS =
      SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2 | EPHEMERAL;

  /**
   * Flags a new channel message may set (developers/resources/message.mdx, "Create Message": only
   * SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE and IS_COMPONENTS_V2).
   */
  static final long CREATE_FLAGS =
      SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE | IS_COMPONENTS_V2;

  /**
   * Flags an edit may set (message.mdx, "Edit Message", and webhook.mdx, "Edit Webhook Message":
   * SUPPRESS_EMBEDS and IS_COMPONENTS_V2 only). A flag the message already has may be repeated:
   * Discord asks edits to include all previously set flags.
   */
  static final long EDIT_FLAGS = SUPPRESS_EMBEDS | IS_COMPONENTS_V2;

  /** Component types that may sit in a message's action row (components/reference.mdx). */
  static final int BUTTON = 2;

  static final java.util.Set<Integer> SELECTS = java.util.Set.of(3, 5, 6, 7, 8);

  /** Application command limits (developers/interactions/application-commands.mdx). */
  static final int COMMAND_NAME = 32;

  static final int COMMAND_DESCRIPTION = 100;
  static final int COMMAND_OPTIONS = 25;
  static final int COMMAND_CHOICES = 25;
  static final int COMMAND_TOTAL = 8000;

  /**
   * "Application Command Naming": CHAT_INPUT command and option names match {@code
   * ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$} (unicode), and use the lowercase variant of any
   * letter that has one.
   */
  static final java.util.regex.Pattern COMMAND_NAME_PATTERN =
      java.util.regex.Pattern.compile(
          "^[-_'\\p{L}\\p{N}\\p{IsDevanagari}\\p{IsThai}]{1,32}$",
          java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);

  private DiscordRules() {}

  /**
   * The problem with a body's {@code flags} given the flags its endpoint lets a bot set, by field
   * path; empty when none. {@code current} are the flags the message already has (an edit may
   * repeat them).
   */
  static Map<String, String> checkFlags(JsonNode body, long allowed, long current) {
    long flags = body.path("flags").asLong(0);
    long extra = flags & ~allowed & ~current;
    if (extra == 0) {
      return Map.of();
    }
    return Map.of(
        "flags", "Invalid flags " + extra + " for this endpoint (allowed: " + allowed + ").");
  }

  /**
   * The problems of one slash command as registered (application-commands.mdx, "Application Command
   * Object", "Application Command Naming", "Application Command Option Structure", "Application
   * Command Option Choice Structure" and "Slash Commands"): names 1-32 characters matching the
   * naming regex and lowercase, descriptions 1-100, at most 25 options per level and 25 choices per
   * option, choice names 1-100 and string values up to 100, and at most 8,000 characters of names,
   * descriptions and values in all.
   *
   * @param at the path prefix, the command's index in the bulk overwrite ("0")
   */
  static Map<String, String> checkCommand(JsonNode command, String at) {
    var problems = new LinkedHashMap<String, String>();
    int total = checkNamed(command, at, problems);
    if (command.path("type").asInt(1) == 1) {
      total += checkOptions(command.path("options"), at + ".options", problems);
    }
    if (total > COMMAND_TOTAL) {
      problems.put(
          at,
          "Command exceeds maximum size ("
              + COMMAND_TOTAL
              + "); name, description and values add up to "
              + total
              + ".");
    }
    return problems;
  }

  private static int checkOptions(JsonNode options, String at, Map<String, String> problems) {
    if (options.size() > COMMAND_OPTIONS) {
      problems.put(at, "Must be " + COMMAND_OPTIONS + " or fewer in length.");
    }
    int total = 0;
    for (int o = 0; o < options.size(); o++) {
      JsonNode option = options.get(o);
      String optionAt = at + "." + o;
      total += checkNamed(option, optionAt, problems);
      total += checkOptions(option.path("options"), optionAt + ".options", problems);
      JsonNode choices = option.path("choices");
      if (choices.size() > COMMAND_CHOICES) {
        problems.put(optionAt + ".choices", "Must be " + COMMAND_CHOICES + " or fewer in length.");
      }
      for (int c = 0; c < choices.size(); c++) {
        JsonNode choice = choices.get(c);
        String choiceAt = optionAt + ".choices." + c + ".";
        text(choice, "name", 1, 100, choiceAt, problems);
        JsonNode value = choice.path("value");
        if (value.isTextual() && value.asText().length() > 100) {
          problems.put(choiceAt + "value", max(100, value.asText().length()));
        }
        total += choice.path("name").asText("").length() + value.asText("").length();
      }
    }
    return total;
  }

  private static int checkNamed(JsonNode node, String at, Map<String, String> problems) {
    String name = node.path("name").asText("");
    String description = node.path("description").asText("");
    if (!COMMAND_NAME_PATTERN.matcher(name).matches()) {
      problems.put(at + ".name", "Invalid name: must match the command name regex, 1-32.");
    } else if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
      problems.put(at + ".name", "Command name must be lowercase.");
    }
    text(node, "description", 1, COMMAND_DESCRIPTION, at + ".", problems);
    return name.length() + description.length();
  }

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
      // components/reference.mdx, "Action Row": a message's top level holds action rows, each
      // with up to 5 buttons or a single select menu; text inputs belong in modals only
      if (rows.get(r).path("type").asInt() != ACTION_ROW) {
        problems.put(
            "components." + r + ".type",
            "Component type "
                + rows.get(r).path("type").asInt()
                + " is not an action row (the only top-level component without IS_COMPONENTS_V2).");
        continue;
      }
      JsonNode children = rows.get(r).path("components");
      if (children.size() > ROW_CHILDREN) {
        problems.put(
            "components." + r + ".components", "Must be " + ROW_CHILDREN + " or fewer in length.");
      }
      if (children.isEmpty()) {
        problems.put("components." + r + ".components", "Must be 1 or more in length.");
      }
      for (int c = 0; c < children.size(); c++) {
        int type = children.get(c).path("type").asInt();
        boolean select = SELECTS.contains(type);
        if (type != BUTTON && !select) {
          problems.put(
              "components." + r + ".components." + c + ".type",
              "Component type " + type + " is not allowed in a message's action row.");
        } else if (select && children.size() > 1) {
          problems.put(
              "components." + r + ".components",
              "An action row with a select menu holds nothing else.");
        }
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

  /**
   * The problems of a modal (the {@code data} of callback type 9), by field path; empty when
   * Discord would accept it. A modal has a title (1-45), a custom id (1-100) and 1-5 components.
   * Each is a label (text 1-45, description up to 100) holding one text input or string select, or
   * the older action row holding one text input with its own label. A text input has a custom id
   * unique in the modal, style 1 or 2, lengths within 0-4000 (max at least 1, min at most max), a
   * value no longer than its maximum and a placeholder up to 100; a string select has 1-25 options
   * (label and value 1-100, values unique), a placeholder up to 150, min/max values that the
   * options can satisfy, no more defaults than max values, and may not be disabled in a modal.
   */
  static Map<String, String> checkModal(JsonNode modal) {
    var problems = new LinkedHashMap<String, String>();
    text(modal, "title", 1, MODAL_TITLE, "", problems);
    text(modal, "custom_id", 1, CUSTOM_ID, "", problems);
    JsonNode components = modal.path("components");
    if (components.size() < 1 || components.size() > MODAL_COMPONENTS) {
      problems.put(
          "components",
          "Must be between 1 and "
              + MODAL_COMPONENTS
              + " in length (was "
              + components.size()
              + ").");
    }
    var ids = new HashSet<String>();
    for (int i = 0; i < components.size(); i++) {
      JsonNode top = components.get(i);
      String at = "components." + i;
      switch (top.path("type").asInt()) {
        case LABEL_TYPE -> {
          text(top, "label", 1, LABEL, at + ".", problems);
          if (top.path("description").asText("").length() > LABEL_DESCRIPTION) {
            problems.put(
                at + ".description",
                max(LABEL_DESCRIPTION, top.path("description").asText().length()));
          }
          JsonNode child = top.path("component");
          String childAt = at + ".component";
          switch (child.path("type").asInt()) {
            case TEXT_INPUT -> checkTextInput(child, childAt, false, ids, problems);
            case STRING_SELECT -> checkStringSelect(child, childAt, ids, problems);
            default ->
                problems.put(
                    childAt + ".type",
                    "Component type "
                        + child.path("type").asInt()
                        + " is not a text input or string select (all the fake Discord knows in a"
                        + " label)");
          }
        }
        case ACTION_ROW -> {
          JsonNode children = top.path("components");
          if (children.size() != 1 || children.get(0).path("type").asInt() != TEXT_INPUT) {
            problems.put(at + ".components", "An action row in a modal holds one text input.");
          } else {
            checkTextInput(children.get(0), at + ".components.0", true, ids, problems);
          }
        }
        default ->
            problems.put(
                at + ".type",
                "Component type "
                    + top.path("type").asInt()
                    + " is not valid at the top of a modal");
      }
    }
    return problems;
  }

  private static void checkTextInput(
      JsonNode input, String at, boolean ownLabel, Set<String> ids, Map<String, String> problems) {
    customId(input, at, ids, problems);
    if (ownLabel) {
      text(input, "label", 1, LABEL, at + ".", problems);
    }
    int style = input.path("style").asInt();
    if (style != 1 && style != 2) {
      problems.put(at + ".style", "Value must be one of (1, 2).");
    }
    int min = input.path("min_length").asInt(0);
    int maxLength = input.path("max_length").asInt(TEXT_VALUE);
    if (min < 0 || min > TEXT_VALUE) {
      problems.put(at + ".min_length", "Must be between 0 and " + TEXT_VALUE + ".");
    }
    if (maxLength < 1 || maxLength > TEXT_VALUE) {
      problems.put(at + ".max_length", "Must be between 1 and " + TEXT_VALUE + ".");
    }
    if (min > maxLength) {
      problems.put(at + ".min_length", "Must be less than or equal to max_length.");
    }
    int value = input.path("value").asText("").length();
    if (value > Math.min(maxLength, TEXT_VALUE)) {
      problems.put(at + ".value", max(Math.min(maxLength, TEXT_VALUE), value));
    }
    if (input.path("placeholder").asText("").length() > TEXT_PLACEHOLDER) {
      problems.put(
          at + ".placeholder", max(TEXT_PLACEHOLDER, input.path("placeholder").asText().length()));
    }
  }

  private static void checkStringSelect(
      JsonNode select, String at, Set<String> ids, Map<String, String> problems) {
    customId(select, at, ids, problems);
    if (select.path("disabled").asBoolean(false)) {
      problems.put(at + ".disabled", "A select menu in a modal cannot be disabled.");
    }
    JsonNode options = select.path("options");
    if (options.size() < 1 || options.size() > SELECT_OPTIONS) {
      problems.put(at + ".options", "Must be between 1 and " + SELECT_OPTIONS + " in length.");
    }
    var values = new HashSet<String>();
    int defaults = 0;
    for (int o = 0; o < options.size(); o++) {
      JsonNode option = options.get(o);
      String optionAt = at + ".options." + o + ".";
      text(option, "label", 1, SELECT_OPTION_TEXT, optionAt, problems);
      text(option, "value", 1, SELECT_OPTION_TEXT, optionAt, problems);
      if (!values.add(option.path("value").asText())) {
        problems.put(optionAt + "value", "Select option values must be unique.");
      }
      defaults += option.path("default").asBoolean(false) ? 1 : 0;
    }
    int minValues = select.path("min_values").asInt(1);
    int maxValues = select.path("max_values").asInt(1);
    if (minValues < 0 || minValues > SELECT_OPTIONS || minValues > options.size()) {
      problems.put(at + ".min_values", "Must be between 0 and the number of options.");
    }
    if (maxValues < 1 || maxValues > SELECT_OPTIONS || maxValues > options.size()) {
      problems.put(at + ".max_values", "Must be between 1 and the number of options.");
    }
    if (minValues > maxValues) {
      problems.put(at + ".min_values", "Must be less than or equal to max_values.");
    }
    if (defaults > maxValues) {
      problems.put(at + ".options", "More default options than max_values.");
    }
    if (select.path("placeholder").asText("").length() > SELECT_PLACEHOLDER) {
      problems.put(
          at + ".placeholder",
          max(SELECT_PLACEHOLDER, select.path("placeholder").asText().length()));
    }
  }

  private static void customId(
      JsonNode component, String at, Set<String> ids, Map<String, String> problems) {
    String id = component.path("custom_id").asText("");
    text(component, "custom_id", 1, CUSTOM_ID, at + ".", problems);
    if (!id.isEmpty() && !ids.add(id)) {
      problems.put(at + ".custom_id", "Component custom id cannot be duplicated");
    }
  }

  /** A required text property of {@code node} with a length in {@code min..max}. */
  private static void text(
      JsonNode node, String key, int min, int max, String prefix, Map<String, String> problems) {
    String value = node.path(key).asText("");
    if (value.isEmpty() && min > 0) {
      problems.put(prefix + key, "This field is required");
    } else if (value.length() < min || value.length() > max) {
      problems.put(
          prefix + key,
          "Must be between " + min + " and " + max + " in length (was " + value.length() + ").");
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
      // application-commands.mdx, "Application Command Option Choice Structure": value "up to
      // 100 characters if string"
      JsonNode value = choices.get(i).path("value");
      if (value.isMissingNode() || value.isNull()) {
        problems.put("choices." + i + ".value", "This field is required");
      } else if (value.isTextual() && value.asText().length() > 100) {
        problems.put("choices." + i + ".value", max(100, value.asText().length()));
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

  /**
   * A created message's nonce (developers/resources/message.mdx, Create Message, JSON params:
   * "nonce? | integer or string | Can be used to verify a message was sent (up to 25 characters)",
   * and "enforce_nonce? | boolean"): a string or integer of at most {@value #NONCE} characters;
   * enforce_nonce a boolean.
   */
  static Map<String, String> checkNonce(JsonNode body) {
    var problems = new LinkedHashMap<String, String>();
    JsonNode nonce = body.path("nonce");
    if (!nonce.isMissingNode() && !nonce.isNull()) {
      if (!nonce.isTextual() && !nonce.isIntegralNumber()) {
        problems.put("nonce", "Must be an integer or a string.");
      } else if (nonce.asText().length() > NONCE) {
        problems.put("nonce", max(NONCE, nonce.asText().length()));
      }
    }
    JsonNode enforce = body.path("enforce_nonce");
    if (!enforce.isMissingNode() && !enforce.isNull() && !enforce.isBoolean()) {
      problems.put("enforce_nonce", "Must be either true or false.");
    }
    return problems;
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
