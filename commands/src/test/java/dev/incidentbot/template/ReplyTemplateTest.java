package dev.incidentbot.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.CodeBlock;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reply templates: structured parts, checked at load with file and line")
class ReplyTemplateTest {
  @TempDir Path dir;

  static final Map<String, Object> SAMPLE =
      Map.of(
          "target",
          "cache",
          "level",
          "warn",
          "bad",
          true,
          "items",
          List.of(Map.of("name", "memory", "value", "91%")),
          "rows",
          "a | b");
  static final Map<String, ButtonAction> BUTTONS =
      Map.of("retry", new ButtonAction(Button.Style.PRIMARY, Action.of("redis health")));

  private ReplyTemplate load(String text) throws Exception {
    Files.writeString(dir.resolve("t.reply"), text);
    return new Templates(dir).loadReply("t", SAMPLE, Set.of("retry", "other"));
  }

  @Test
  @DisplayName("every part renders on its own: title, severity, text, fields, code, buttons")
  void renders() throws Exception {
    var t =
        load(
            """
            # a comment
            title: Check of {{target}}
            severity: {{level}}
            text:
              first line: {{target}}
              {{#bad}}
              it is bad
              {{/bad}}
            field: Fixed
              value
            inline field for items: {{name}}
              {{value}}
            field: Never shown
              {{^bad}}hidden{{/bad}}
            code:
              {{rows}}
            button retry: Check {{target}} again
            button other: {{^bad}}Other{{/bad}}
            """);
    Reply r = t.render(SAMPLE, BUTTONS);
    assertThat(r.title()).isEqualTo("Check of cache");
    assertThat(r.severity()).isEqualTo(Severity.WARN);
    assertThat(r.text()).isEqualTo("first line: cache\nit is bad");
    assertThat(r.fields())
        .containsExactly(new Field("Fixed", "value", false), new Field("memory", "91%", true));
    assertThat(r.codeBlocks()).containsExactly(new CodeBlock("", "a | b"));
    assertThat(r.buttons()).extracting(Button::label).containsExactly("Check cache again");
  }

  @Test
  @DisplayName(
      "no part ends a line with whitespace: a space before a section that rendered nothing, a"
          + " value's trailing spaces, blank lines at the end are dropped; indentation stays")
  void noTrailingWhitespace() throws Exception {
    var t =
        load(
            "title: Check of {{target}} {{^bad}}(fine){{/bad}}\n"
                + "text:\n"
                + "  Nothing has changed yet. {{^bad}}Expected: better.{{/bad}}\n"
                + "    indented {{target}} \t\n"
                + "\n"
                + "field: Value\n"
                + "  {{rows}}{{^bad}} · fine{{/bad}}\n"
                + "code:\n"
                + "  {{target}}   \n"
                + "  \n");
    Reply r = t.render(Map.of("target", "cache", "rows", "a  ", "bad", true), Map.of());
    assertThat(r.title()).isEqualTo("Check of cache");
    assertThat(r.text()).isEqualTo("Nothing has changed yet.\n  indented cache");
    assertThat(r.fields()).extracting(Field::value).containsExactly("a");
    assertThat(r.codeBlocks()).extracting(CodeBlock::content).containsExactly("cache");
  }

  @Test
  @DisplayName("a carriage return in a value stays in the line, for the adapter to show")
  void carriageReturnStaysACharacter() throws Exception {
    var t = load("title: Keys\ntext:\n  {{target}} \n  next\n");
    Reply r = t.render(Map.of("target", "cache:a\rspoofed"), Map.of());
    assertThat(r.text()).isEqualTo("cache:a\rspoofed\nnext");
  }

  @Test
  @DisplayName("a value that looks like structure stays a value")
  void valuesAreNotParsed() throws Exception {
    var t = load("title: {{target}}\ntext:\n  {{target}}\n");
    Reply r = t.render(Map.of("target", "x\nfield: Oops\n  y"), Map.of());
    assertThat(r.fields()).isEmpty();
    assertThat(r.text()).isEqualTo("x\nfield: Oops\n  y");
  }

  @Test
  @DisplayName("an unknown name, button, part or list, or a bad severity, names the file and line")
  void problemsNameFileAndLine() {
    String file = dir.resolve("t.reply").toString();
    assertThatThrownBy(() -> load("title: x\ntext:\n  a\n  {{targt}}\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(file + " line 4: unknown name 'targt'");
    assertThatThrownBy(() -> load("title: x\n\nbutton retyr: Retry\n"))
        .hasMessageStartingWith(file + " line 3: unknown button 'retyr'; the buttons here are");
    assertThatThrownBy(() -> load("title: x\nfeild: y\n  z\n"))
        .hasMessageStartingWith(file + " line 2: unknown part 'feild'");
    assertThatThrownBy(() -> load("title: x\nfield for itmes: y\n  z\n"))
        .hasMessageStartingWith(file + " line 2: unknown list 'itmes'");
    assertThatThrownBy(() -> load("title: x\nseverity: loud\n"))
        .hasMessage(file + " line 2: severity 'loud' is not one of ok, info, warn, critical");
    assertThatThrownBy(() -> load("title: x\nseverity: {{target}}\n"))
        .hasMessage(file + " line 2: severity 'cache' is not one of ok, info, warn, critical");
    assertThatThrownBy(() -> load("title: x\ntext:\n  {{#bad}}\n"))
        .hasMessageStartingWith(file + " line 3:");
    assertThatThrownBy(() -> load("title: x\nfield: y\n"))
        .hasMessage(file + " line 2: field 'y' has no value (indent its lines by two spaces)");
    assertThatThrownBy(() -> load("title: x\ntitle: y\n"))
        .hasMessage(file + " line 2: title: appears twice");
    assertThatThrownBy(() -> load("severity: ok\n"))
        .hasMessage(file + ": a reply needs a title: or a text: part");
  }
}
