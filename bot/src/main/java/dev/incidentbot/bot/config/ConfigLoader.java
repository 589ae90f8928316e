package dev.incidentbot.bot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.incidentbot.format.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the YAML configuration: {@code ${ENV_VAR}} substitution in values, binding with unknown
 * keys refused, then {@link ConfigValidator}. Every failure is a {@link ConfigException} naming the
 * file, the path to the field and what is wrong.
 */
public final class ConfigLoader {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private static final Pattern COERCED =
      Pattern.compile("Cannot coerce \\w+ value \\(\"(.*?)\"\\)");

  private final Function<String, String> env;
  // a key written twice would otherwise silently keep only its second value
  private final YAMLMapper yaml =
      YAMLMapper.builder(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*?)'");
  private final JsonMapper binder;

  /** A loader that substitutes variables from {@code env} (System::getenv in production). */
  public ConfigLoader(Function<String, String> env) {
    this.env = env;
    var durations = new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer());
    this.binder =
        JsonMapper.builder()
            .addModule(durations)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
  }

  /** Reads and validates {@code file}. */
  public BotConfig load(Path file) throws ConfigException {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, "", "file not found");
    } catch (IOException e) {
      throw new ConfigException(source, "", "cannot read it (" + e.getMessage() + ")");
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(source, text, dir == null ? Path.of("") : dir);
  }

  /**
   * Parses and validates YAML {@code text}; {@code source} names it in errors; relative paths in it
   * are read from the working directory.
   */
  public BotConfig parse(String source, String text) throws ConfigException {
    return parse(source, text, Path.of(""));
  }

  /** As {@link #parse(String, String)}, with relative paths read from {@code baseDir}. */
  public BotConfig parse(String source, String text, Path baseDir) throws ConfigException {
    JsonNode tree;
    try {
      tree = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String line = loc == null ? "" : "line " + loc.getLineNr();
      Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
      if (duplicate.find()) {
        throw new ConfigException(
            source, line, "key '" + duplicate.group(1) + "' is written twice; keep one");
      }
      throw new ConfigException(
          source, line, "not valid YAML (" + yamlProblem(e.getOriginalMessage()) + ")");
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = yaml.createObjectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(source, "", "expected keys such as targets:, not a single value");
    }
    substitute(source, tree, "");
    RawConfig raw;
    try {
      raw = binder.treeToValue(tree, RawConfig.class);
    } catch (JsonMappingException e) {
      throw new ConfigException(source, path(e), explain(e));
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, "", e.getOriginalMessage());
    }
    return new ConfigValidator(source, baseDir).validate(raw);
  }

  /** The configuration used when no file is given and there is no config.yml. */
  public BotConfig defaults() {
    try {
      return parse(
          "built-in defaults", "targets:\n  - name: local\n    url: redis://localhost:6379\n");
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  private void substitute(String source, JsonNode node, String path) throws ConfigException {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(expand(source, childPath, field.getValue().asText())));
        } else {
          substitute(source, field.getValue(), childPath);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String childPath = path + "[" + i + "]";
        if (array.get(i).isTextual()) {
          array.set(i, new TextNode(expand(source, childPath, array.get(i).asText())));
        } else {
          substitute(source, array.get(i), childPath);
        }
      }
    }
  }

  private String expand(String source, String path, String value) throws ConfigException {
    Matcher m = VARIABLE.matcher(value);
    var out = new StringBuilder();
    while (m.find()) {
      String replacement = env.apply(m.group(1));
      if (replacement == null || replacement.isEmpty()) {
        replacement = m.group(2);
      }
      if (replacement == null) {
        throw new ConfigException(
            source,
            path,
            "environment variable "
                + m.group(1)
                + " is not set (write ${"
                + m.group(1)
                + ":-default} to make it optional)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String path(JsonMappingException e) {
    var sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.toString();
  }

  private static String explain(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
      return "unknown key; the keys allowed here are " + known;
    }
    if (e instanceof InvalidFormatException f) {
      return "'" + f.getValue() + "' is not a valid " + typeName(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      String msg = m.getOriginalMessage();
      if (msg.contains("Missing required creator property")) {
        return "is required";
      }
      Matcher coerced = COERCED.matcher(msg);
      if (coerced.find()) {
        return "'" + coerced.group(1) + "' is not a valid " + typeName(m.getTargetType());
      }
      if (msg.contains("Cannot deserialize")) {
        return "expected " + typeName(m.getTargetType());
      }
      return msg;
    }
    return e.getOriginalMessage();
  }

  /** SnakeYAML's message without its location and excerpt lines: "expected ',' or ']'". */
  private static String yamlProblem(String message) {
    return message
        .lines()
        .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .collect(Collectors.joining(": "));
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list (- item lines or [a, b])";
    }
    if (type == Double.class || type == double.class) {
      return "number";
    }
    if (type == Long.class || type == long.class || type == Integer.class) {
      return "whole number";
    }
    if (type == String.class) {
      return "text value";
    }
    if (type.isRecord()) {
      return "a section of keys";
    }
    return type.getSimpleName();
  }

  /** Reads durations as people write them: 500ms, 2s, 5m, 1h. */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      try {
        return Durations.parse(text == null ? p.getText() : text);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage());
      }
    }
  }
}
