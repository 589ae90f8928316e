package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.RenderedText;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Form;
import dev.incidentbot.chat.FormField;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReplyLayout keeps every reply within Discord's limits without losing any of it")
class ReplyLayoutTest {
  private final ReplyLayout layout = new ReplyLayout("100000000000000042");

  @Test
  @DisplayName("a short reply is one embed: title, text as description, fields, severity colour")
  void shortReply() {
    Reply reply =
        Reply.builder("main: Healthy")
            .text("PING 0.2 ms")
            .field("Findings", "memory ok")
            .inlineField("Server", "Redis 7.0")
            .severity(Severity.OK)
            .build();

    List<MessagePart> parts = layout.layout(reply);

    assertThat(parts).singleElement().satisfies(ReplyLayoutTest::withinLimits);
    MessagePart part = parts.get(0);
    assertThat(part.content()).isEmpty();
    assertThat(part.mentionRoleId()).isNull();
    assertThat(part.embeds())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.title()).isEqualTo("main: Healthy");
              assertThat(e.description()).isEqualTo("PING 0.2 ms");
              assertThat(e.fields()).containsExactlyElementsOf(reply.fields());
              assertThat(e.color()).isEqualTo(ReplyLayout.OK_GREEN);
            });
  }

  @Test
  @DisplayName(
      "a form, where no modal can show it, is a button that opens it, before the reply's own")
  void formAsButton() {
    var form =
        new Form(
            "Update INC-7: cache down",
            "incident update",
            Map.of("incident", "INC-7"),
            List.of(FormField.line("impact", "Impact", "slow", 100)),
            Action.of("incident update", "incident", "INC-7"));
    Reply reply =
        Reply.builder("Update INC-7")
            .text("Fill in the update.")
            .form(form)
            .button("Snooze", Button.Style.SECONDARY, Action.of("incident snooze"))
            .build();

    MessagePart part = layout.layout(reply).get(0);

    assertThat(part.buttons())
        .extracting(Button::label, Button::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("📝 Update INC-7: cache down", form.reopen()),
            org.assertj.core.groups.Tuple.tuple("Snooze", Action.of("incident snooze")));
    assertThat(part.embeds().get(0).fields()).isEmpty();
    assertThat(part.embeds().get(0).description()).isEqualTo("Fill in the update.");
  }

  @Test
  @DisplayName("code blocks follow the text as fenced blocks")
  void codeBlocks() {
    Reply reply = Reply.builder("t").text("before").code("", "a\nb").code("json", "{}").build();

    assertThat(layout.layout(reply).get(0).embeds().get(0).description())
        .isEqualTo("before\n```\na\nb\n```\n```json\n{}\n```");
  }

  @Test
  @DisplayName(
      "text over 4,096 characters continues in further embeds and messages, every line kept")
  void longTextIsSplit() {
    String text = lines(150, 40);
    Reply reply = Reply.builder("long").text(text).build();

    List<MessagePart> parts = layout.layout(reply);

    assertThat(parts).hasSizeBetween(2, ReplyLayout.MAX_MESSAGES);
    parts.forEach(ReplyLayoutTest::withinLimits);
    assertThat(allDescriptions(parts)).isEqualTo(text);
    assertThat(parts.get(0).embeds().get(0).title()).isEqualTo("long");
  }

  @Test
  @DisplayName("a code block cut in two is closed and reopened, so each message renders")
  void fencesStayBalanced() {
    Reply reply = Reply.builder("slowlog").code("text", lines(150, 30)).build();

    List<MessagePart> parts = layout.layout(reply);

    parts.forEach(ReplyLayoutTest::withinLimits);
    List<String> descriptions =
        parts.stream().flatMap(p -> p.embeds().stream()).map(EmbedPart::description).toList();
    assertThat(descriptions).hasSizeGreaterThan(1);
    for (String d : descriptions) {
      assertThat(d).startsWith("```text\n").endsWith("\n```");
      assertThat(d.split("```", -1).length % 2).as("fences balanced in %s", d).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a reply that would take more than three messages is attached as a Markdown file")
  void hugeReplyIsAttached() {
    String text = lines(2000, 60);
    Reply reply = Reply.builder("Big keys").text(text).field("Scanned", "2000 keys").build();

    List<MessagePart> parts = layout.layout(reply);

    assertThat(parts).singleElement().satisfies(ReplyLayoutTest::withinLimits);
    Attachment file = parts.get(0).files().get(0);
    assertThat(file.fileName()).isEqualTo("big-keys.md");
    String content = new String(file.content(), StandardCharsets.UTF_8);
    assertThat(content).contains(text).contains("## Scanned\n\n2000 keys");
    assertThat(parts.get(0).embeds().get(0).description())
        .startsWith("line 0000 ")
        .endsWith("the whole reply is in the attached file big-keys.md.");
  }

  @Test
  @DisplayName("more than 25 fields and values over 1,024 characters are carried on, not cut")
  void manyAndLongFields() {
    var builder = Reply.builder("fields");
    IntStream.range(0, 30).forEach(i -> builder.field("f" + i, "v" + i));
    builder.field("long", lines(60, 40));
    Reply reply = builder.build();

    List<MessagePart> parts = layout.layout(reply);

    parts.forEach(ReplyLayoutTest::withinLimits);
    List<Field> fields =
        parts.stream().flatMap(p -> p.embeds().stream()).flatMap(e -> e.fields().stream()).toList();
    assertThat(fields.subList(0, 30)).containsExactlyElementsOf(reply.fields().subList(0, 30));
    assertThat(fields.subList(30, fields.size()))
        .extracting(Field::name)
        .startsWith("long", "long (cont.)");
    assertThat(fields.subList(30, fields.size()).stream().map(Field::value))
        .containsExactlyElementsOf(TextChunks.split(lines(60, 40), DiscordLimits.FIELD_VALUE));
  }

  @Test
  @DisplayName("a title over 256 characters is shortened, and said in full in the description")
  void longTitle() {
    String title = "x".repeat(300);
    MessagePart part = layout.layout(Reply.builder(title).text("body").build()).get(0);

    withinLimits(part);
    assertThat(part.embeds().get(0).title()).hasSize(256).endsWith("…");
    assertThat(part.embeds().get(0).description()).isEqualTo(title + "\nbody");
  }

  @Test
  @DisplayName("buttons go five to a row, 25 to a message; the rest on the next message")
  void manyButtons() {
    var builder = Reply.builder("buttons");
    IntStream.range(0, 27)
        .forEach(i -> builder.button("b" + i, Button.Style.SECONDARY, Action.of("help")));

    List<MessagePart> parts = layout.layout(builder.build());

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).buttons()).hasSize(25);
    assertThat(parts.get(1).buttons()).extracting(Button::label).containsExactly("b25", "b26");
  }

  @Test
  @DisplayName("only a reply asking for on-call mentions the configured role, and nothing else")
  void onCallMention() {
    Reply ping = Reply.builder("P0").pingOnCall(true).build();

    MessagePart part = layout.layout(ping).get(0);
    assertThat(part.content()).isEqualTo("<@&100000000000000042>");
    assertThat(part.mentionRoleId()).isEqualTo("100000000000000042");

    MessagePart unconfigured = new ReplyLayout(null).layout(ping).get(0);
    assertThat(unconfigured.content()).isEmpty();
    assertThat(unconfigured.mentionRoleId()).isNull();
  }

  @Test
  @DisplayName("an empty reply still makes a valid message")
  void emptyReply() {
    MessagePart part = layout.layout(Reply.text("")).get(0);
    assertThat(part.embeds()).singleElement().extracting(EmbedPart::description).isNotEqualTo("");
  }

  @Test
  @DisplayName("a client named ````[x](https://evil)```` stays inside its code block, as typed")
  void backtickRunsCannotCloseTheBlock() {
    String name = "````[click](https://evil.example)```` `` ````` ```";
    Reply reply = Reply.builder("clients").text("2 clients").code("text", "name=" + name).build();

    String description = layout.layout(reply).get(0).embeds().get(0).description();

    assertThat(RenderedText.codeBlocks(description)).containsExactly("name=" + name);
  }

  @Test
  @DisplayName("any text in a code block reads back as exactly one block holding it")
  void anyTextStaysInItsBlock() {
    var random = new java.util.Random(20261206L);
    String alphabet = "``````ab [](): https://x.example \\*_~|\n\u200b";
    for (int run = 0; run < 2000; run++) {
      var sb = new StringBuilder("x");
      int length = random.nextInt(60);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String content = sb.append('y').toString().replace("\u200b", "");
      Reply reply = Reply.builder("t").code("text", content).build();

      String description = ReplyLayout.description(reply);

      assertThat(RenderedText.codeBlocks(description))
          .as("seed run %d", run)
          .containsExactly(content);
      assertThat(ReplyLayout.markdown(reply))
          .as("the attached file's fence outlasts the content's backticks")
          .contains(DiscordMarkdown.fenceFor(content) + "text\n" + content + "\n");
    }
  }

  @Test
  @DisplayName(
      "title, text, field names and values are Markdown-escaped; code blocks and mentions are not")
  void escapesMarkdownOutsideCode() {
    Reply reply =
        Reply.builder("Confirm? /redis purge pattern:cache:*:x:*")
            .text("Will run: SCAN 0 MATCH [click](https://evil.example) COUNT 1000")
            .code("text", "SET **boom** _x_ \\ ```")
            .field("> **name**", "# header\n- item\n||spoiler|| ~~gone~~ `x`")
            .pingOnCall(true)
            .build();

    MessagePart part = layout.layout(reply).get(0);

    withinLimits(part);
    assertThat(part.content()).isEqualTo("<@&100000000000000042>");
    EmbedPart e = part.embeds().get(0);
    assertThat(e.title()).isEqualTo("Confirm? /redis purge pattern:cache:\\*:x:\\*");
    assertThat(e.description())
        .isEqualTo(
            "Will run: SCAN 0 MATCH \\[click\\](https://evil.example) COUNT 1000\n"
                + "```text\nSET **boom** _x_ \\ `\u200b`\u200b`\n```");
    assertThat(e.fields())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("\\> \\*\\*name\\*\\*");
              assertThat(f.value())
                  .isEqualTo("\\# header\n\\- item\n\\|\\|spoiler\\|\\| \\~\\~gone\\~\\~ \\`x\\`");
            });
  }

  @Test
  @DisplayName("with a backslash before every character, the limits still hold and nothing is lost")
  void limitsHoldWithEscapes() {
    String text = lines(120, 30).replace('.', '*');
    String value = "_".repeat(1500);
    Reply reply = Reply.builder("*".repeat(200)).text(text).field("**".repeat(200), value).build();

    List<MessagePart> parts = layout.layout(reply);

    parts.forEach(ReplyLayoutTest::withinLimits);
    EmbedPart first = parts.get(0).embeds().get(0);
    assertThat(first.title()).hasSizeLessThanOrEqualTo(DiscordLimits.EMBED_TITLE).endsWith("\\*…");
    String descriptions = allDescriptions(parts);
    assertThat(descriptions).startsWith(DiscordMarkdown.escape("*".repeat(200)) + "\n");
    assertThat(RenderedText.of(descriptions)).isEqualTo("*".repeat(200) + "\n" + text);
    List<Field> fields =
        parts.stream().flatMap(p -> p.embeds().stream()).flatMap(f -> f.fields().stream()).toList();
    assertThat(fields).hasSizeGreaterThan(1);
    assertThat(fields.stream().map(f -> RenderedText.of(f.value())).collect(Collectors.joining()))
        .isEqualTo("**".repeat(200) + value);
  }

  @Test
  @DisplayName("an over-long line is never cut between a backslash and the character it escapes")
  void noSplitEscape() {
    for (String prefix : List.of("", "a", "ab")) {
      String line = prefix + "*".repeat(5000);
      List<MessagePart> asText = layout.layout(Reply.builder("t").text(line).build());
      List<MessagePart> asField = layout.layout(Reply.builder("t").field("f", line).build());

      var pieces = new ArrayList<String>();
      for (MessagePart part : concat(asText, asField)) {
        withinLimits(part);
        part.embeds().forEach(e -> pieces.add(e.description()));
        part.embeds().forEach(e -> e.fields().forEach(f -> pieces.add(f.value())));
      }
      assertThat(pieces).hasSizeGreaterThan(4);
      for (String piece : pieces) {
        assertThat(piece.replace("\\*", ""))
            .as("a piece of %s keeps every backslash with its asterisk", prefix)
            .doesNotContain("\\", "*");
      }
    }
  }

  private static List<MessagePart> concat(List<MessagePart> a, List<MessagePart> b) {
    var all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String allDescriptions(List<MessagePart> parts) {
    return parts.stream()
        .flatMap(p -> p.embeds().stream())
        .map(EmbedPart::description)
        .collect(Collectors.joining("\n"));
  }

  private static String lines(int count, int width) {
    return IntStream.range(0, count)
        .mapToObj(i -> String.format("line %04d %s", i, ".".repeat(width)))
        .collect(Collectors.joining("\n"));
  }

  static void withinLimits(MessagePart part) {
    assertThat(part.content()).hasSizeLessThanOrEqualTo(DiscordLimits.CONTENT);
    assertThat(part.embeds()).hasSizeLessThanOrEqualTo(DiscordLimits.EMBEDS_PER_MESSAGE);
    assertThat(part.embeds().stream().mapToInt(EmbedPart::length).sum())
        .isLessThanOrEqualTo(DiscordLimits.EMBED_TOTAL);
    for (EmbedPart e : part.embeds()) {
      assertThat(e.title()).hasSizeLessThanOrEqualTo(DiscordLimits.EMBED_TITLE);
      assertThat(e.description()).hasSizeLessThanOrEqualTo(DiscordLimits.EMBED_DESCRIPTION);
      assertThat(e.fields()).hasSizeLessThanOrEqualTo(DiscordLimits.EMBED_FIELDS);
      for (Field f : e.fields()) {
        assertThat(f.name()).isNotEmpty().hasSizeLessThanOrEqualTo(DiscordLimits.FIELD_NAME);
        assertThat(f.value()).isNotEmpty().hasSizeLessThanOrEqualTo(DiscordLimits.FIELD_VALUE);
      }
    }
    assertThat(part.buttons()).hasSizeLessThanOrEqualTo(25);
    assertThat(part.files()).hasSizeLessThanOrEqualTo(DiscordLimits.FILES_PER_MESSAGE);
  }
}
