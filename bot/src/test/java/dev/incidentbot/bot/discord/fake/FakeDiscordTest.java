package dev.incidentbot.bot.discord.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fake's own rules, shown with a bare JDA bot that misbehaves on purpose. */
@DisplayName("FakeDiscord with plain JDA")
class FakeDiscordTest {
  private static final JsonMapper JSON = new JsonMapper();
  private static FakeDiscord fake;
  private static JDA jda;

  @BeforeAll
  static void start() throws InterruptedException {
    fake = FakeDiscord.start();
    JDABuilder builder =
        JDABuilder.createLight(fake.token())
            .addEventListeners(
                new ListenerAdapter() {
                  @Override
                  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                    switch (event.getName()) {
                      case "silent" -> {} // the test answers by hand
                      case "form" -> event.replyModal(jdaModal()).queue(ok -> {}, e -> {});
                      default -> {
                        if (event.getName().equals("late")) {
                          sleep(3300);
                        }
                        event.reply("pong").setAllowedMentions(List.of()).queue(ok -> {}, e -> {});
                      }
                    }
                  }

                  @Override
                  public void onModalInteraction(ModalInteractionEvent event) {
                    if (event.getModalId().startsWith("raw-")) {
                      return; // the test answers by hand
                    }
                    var got = new StringBuilder(event.getModalId());
                    for (ModalMapping v : event.getValues()) {
                      got.append(' ').append(v.getCustomId()).append('=');
                      got.append(
                          v.getType() == Component.Type.STRING_SELECT
                              ? String.join(",", v.getAsStringList())
                              : v.getAsString());
                    }
                    event
                        .reply(got.toString())
                        .setAllowedMentions(List.of())
                        .queue(ok -> {}, e -> {});
                  }
                });
    fake.connection().accept(builder);
    jda = builder.build().awaitReady();
    jda.getGuildById(fake.guildId())
        .updateCommands()
        .addCommands(
            Commands.slash("ping", "answers at once"),
            Commands.slash("late", "too late"),
            Commands.slash("silent", "answered by the test"),
            Commands.slash("form", "opens a modal"))
        .complete();
  }

  private static Modal jdaModal() {
    return Modal.create("m-1", "Tell us")
        .addComponents(
            Label.of("Name", TextInput.create("name", TextInputStyle.SHORT).setValue("x").build()),
            Label.of(
                "Pick",
                StringSelectMenu.create("pick")
                    .addOption("A", "a")
                    .addOption("B", "b")
                    .setDefaultValues("b")
                    .build()))
        .build();
  }

  @AfterAll
  static void stop() {
    jda.shutdownNow();
    fake.close();
  }

  @Test
  @DisplayName("JDA logs in, registers commands and answers an interaction in time")
  void answersInTime() {
    FakeInteraction ping = fake.slash("ping", Map.of(), fake.user("alice"));

    FakeMessage answer = fake.awaitAnswer(ping);

    assertThat(answer.content()).isEqualTo("pong");
    assertThat(fake.interaction(ping.id()).timeToAcknowledge()).isLessThan(Duration.ofSeconds(3));
    assertThat(fake.violations()).isEmpty();
  }

  @Test
  @DisplayName(
      "an interaction not acknowledged within 3 s is a violation, and the late answer is refused")
  void lateAcknowledgementIsCaught() {
    FakeInteraction late = fake.slash("late", Map.of(), fake.user("bob"));

    sleep(3600);

    assertThat(fake.violations())
        .anySatisfy(v -> assertThat(v).isEqualTo("/late by bob was not acknowledged within 3 s"))
        .anySatisfy(v -> assertThat(v).startsWith("/late by bob was acknowledged after"));
    assertThat(fake.takeRejections())
        .singleElement()
        .satisfies(r -> assertThat(r.body().path("code").asInt()).isEqualTo(10062));
    assertThat(fake.interaction(late.id()).acknowledged()).isFalse();
    fake.reset();
  }

  @Test
  @DisplayName(
      "a modal built by JDA is accepted; its submission reaches JDA with every value, and a"
          + " modal cannot answer a submitted modal")
  void modalRoundTrip() throws Exception {
    FakeUser carol = fake.user("carol");
    FakeInteraction form = fake.slash("form", Map.of(), carol);

    FakeModal modal = fake.awaitModal(form);
    assertThat(modal.title()).isEqualTo("Tell us");
    assertThat(modal.labels()).containsExactly("Name", "Pick");
    assertThat(modal.values()).containsExactly(Map.entry("name", "x"), Map.entry("pick", "b"));

    FakeInteraction submitted = fake.submitModal(modal, Map.of("name", "redis"), carol);
    assertThat(fake.awaitAnswer(submitted).content()).isEqualTo("m-1 name=redis pick=b");

    FakeInteraction silent = fake.slash("silent", Map.of(), carol);
    var opened = callback(silent, 9, validModal());
    assertThat(opened.statusCode()).isEqualTo(200);
    FakeModal raw = fake.awaitModal(silent);
    FakeInteraction submit = fake.submitModal(raw, Map.of("why", "because"), carol);
    var again = callback(submit, 9, validModal());
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("Interaction callback type 9 is not valid for interaction");
    assertThat(callback(submit, 4, JSON.createObjectNode().put("content", "ok")).statusCode())
        .isEqualTo(200);
    var twice = callback(silent, 4, JSON.createObjectNode().put("content", "late"));
    assertThat(twice.body()).contains("already been acknowledged");
    fake.reset();
  }

  @Test
  @DisplayName("a modal over Discord's limits is refused with 400 and the problems by path")
  void modalLimits() throws Exception {
    FakeInteraction silent = fake.slash("silent", Map.of(), fake.user("dave"));
    ObjectNode modal = validModal().put("title", "t".repeat(46)).put("custom_id", "c".repeat(101));
    ArrayNode components = (ArrayNode) modal.get("components");
    ObjectNode first = (ObjectNode) components.get(0);
    first.put("label", "l".repeat(46));
    ((ObjectNode) first.get("component")).put("value", "v".repeat(101)).put("max_length", 100);
    ObjectNode select =
        components
            .addObject()
            .put("type", 18)
            .put("label", "Pick")
            .putObject("component")
            .put("type", 3)
            .put("custom_id", "why")
            .put("disabled", true);
    ArrayNode options = select.putArray("options");
    for (int i = 0; i < 26; i++) {
      options.addObject().put("label", "o" + i).put("value", "o" + i);
    }
    for (int i = 0; i < 4; i++) {
      components.add(components.get(0).deepCopy());
    }

    var response = callback(silent, 9, modal);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(response.body()).path("errors");
    assertThat(errors.has("title")).isTrue();
    assertThat(errors.has("custom_id")).isTrue();
    assertThat(errors.path("components").path("_errors").get(0).path("message").asText())
        .isEqualTo("Must be between 1 and 5 in length (was 6).");
    assertThat(errors.at("/components/0/label/_errors/0/message").asText())
        .isEqualTo("Must be between 1 and 45 in length (was 46).");
    assertThat(errors.at("/components/0/component/value/_errors/0/message").asText())
        .isEqualTo("Must be 100 or fewer in length (was 101).");
    assertThat(errors.at("/components/1/component/custom_id/_errors/0/message").asText())
        .isEqualTo("Component custom id cannot be duplicated");
    assertThat(errors.at("/components/1/component/disabled").isMissingNode()).isFalse();
    assertThat(errors.at("/components/1/component/options").isMissingNode()).isFalse();
    assertThat(fake.interaction(silent.id()).acknowledged()).isFalse();

    assertThat(callback(silent, 9, validModal()).statusCode()).isEqualTo(200);
    fake.reset();
  }

  @Test
  @DisplayName(
      "a channel's sixth message within 5 s is answered 429 with Discord's headers and body and"
          + " changes nothing; JDA, which was not told, waits out Retry-After and retries, so"
          + " nothing is lost")
  void rateLimits() throws Exception {
    String channel = fake.channelId("stakeholders");
    ObjectNode raw = JSON.createObjectNode().put("content", "raw");
    raw.putObject("allowed_mentions").putArray("parse");
    for (int i = 0; i < 5; i++) {
      var ok = fake.rawRequest("POST", "channels/" + channel + "/messages", raw);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
      assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(String.valueOf(4 - i));
      assertThat(ok.headers().firstValue("X-RateLimit-Bucket")).hasValue("msg-create");
      assertThat(Double.parseDouble(ok.headers().firstValue("X-RateLimit-Reset-After").get()))
          .isBetween(0.0, 5.0);
      assertThat(Double.parseDouble(ok.headers().firstValue("X-RateLimit-Reset").get()))
          .isGreaterThan(System.currentTimeMillis() / 1000.0 - 1);
    }

    var refused = fake.rawRequest("POST", "channels/" + channel + "/messages", raw);

    assertThat(refused.statusCode()).isEqualTo(429);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.path("message").asText()).isEqualTo("You are being rate limited.");
    assertThat(body.path("global").asBoolean(true)).isFalse();
    double retryAfter = body.path("retry_after").asDouble();
    assertThat(retryAfter).isGreaterThan(0.0).isLessThanOrEqualTo(5.0);
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValue(String.valueOf((long) Math.ceil(retryAfter)));
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(fake.messages("stakeholders")).hasSize(5); // the refused call changed nothing
    assertThat(fake.rateLimitViolations()) // the raw client had been told: Remaining 0
        .singleElement()
        .satisfies(v -> assertThat(v).contains("Java-http-client"));

    var sent =
        jda.getTextChannelById(channel)
            .sendMessage("from JDA")
            .setAllowedMentions(List.of())
            .submit();
    sent.get(30, java.util.concurrent.TimeUnit.SECONDS);

    List<RateLimited> served = fake.rateLimited();
    assertThat(served).hasSize(2);
    RateLimited jdaHit = served.get(1);
    assertThat(jdaHit.path()).isEqualTo("channels/" + channel + "/messages");
    assertThat(jdaHit.bucket()).isEqualTo("msg-create");
    assertThat(jdaHit.headers()).containsKeys("Retry-After", "X-RateLimit-Reset-After");
    FakeMessage fromJda = fake.messages("stakeholders").get(5);
    assertThat(fromJda.content()).isEqualTo("from JDA");
    assertThat(java.time.OffsetDateTime.parse(fromJda.json().path("timestamp").asText()))
        .isAfterOrEqualTo(
            jdaHit
                .at()
                .plus(jdaHit.retryAfter())
                .minusMillis(20)
                .atOffset(java.time.ZoneOffset.UTC));
    assertThat(fake.awaitRateLimitRetries(Duration.ofSeconds(1))).isEmpty();
    assertThat(fake.rateLimitViolations()).hasSize(1); // JDA respected what it was told
    fake.reset();
  }

  /** A modal Discord accepts: one label around a short text input. */
  private static ObjectNode validModal() {
    ObjectNode modal = JSON.createObjectNode().put("custom_id", "raw-1").put("title", "Why?");
    modal
        .putArray("components")
        .addObject()
        .put("type", 18)
        .put("label", "Reason")
        .putObject("component")
        .put("type", 4)
        .put("custom_id", "why")
        .put("style", 1);
    return modal;
  }

  private static java.net.http.HttpResponse<String> callback(
      FakeInteraction interaction, int type, ObjectNode data) {
    ObjectNode body = JSON.createObjectNode().put("type", type);
    if (type == 4) {
      data.putObject("allowed_mentions").putArray("parse");
    }
    body.set("data", data);
    return fake.rawRequest(
        "POST", "interactions/" + interaction.id() + "/" + interaction.token() + "/callback", body);
  }

  // ---- rules grounded in Discord's API docs (discord/discord-api-docs) ------------------------

  /**
   * A raw call that keeps to the rate limits as a well-behaved client does: retried after a 429,
   * and waiting out an emptied bucket before the next call.
   */
  private static java.net.http.HttpResponse<String> raw(String method, String path, JsonNode body) {
    while (true) {
      var response = fake.rawRequest(method, path, body);
      if (response.headers().firstValue("X-RateLimit-Remaining").orElse("1").equals("0")) {
        double after =
            Double.parseDouble(
                response.headers().firstValue("X-RateLimit-Reset-After").orElse("0"));
        sleep((long) Math.ceil(after * 1000) + 20);
      }
      if (response.statusCode() != 429) {
        return response;
      }
      sleep(
          (long)
                  Math.ceil(
                      Double.parseDouble(response.headers().firstValue("Retry-After").orElse("1"))
                          * 1000)
              + 20);
    }
  }

  private static String errorsOf(java.net.http.HttpResponse<String> response) {
    return response.statusCode() + " " + response.body();
  }

  private static ObjectNode command(String name, String description) {
    return JSON.createObjectNode().put("name", name).put("description", description).put("type", 1);
  }

  private static java.net.http.HttpResponse<String> register(ObjectNode... commands) {
    ArrayNode body = JSON.createArrayNode();
    for (ObjectNode c : commands) {
      body.add(c);
    }
    return raw(
        "PUT", "applications/" + fake.botId() + "/guilds/" + fake.guildId() + "/commands", body);
  }

  @Test
  @DisplayName(
      "command registration: names lowercase and matching Discord's regex, descriptions 1-100, 25"
          + " options and choices, 8,000 characters per command (application-commands.mdx)")
  void commandRegistration() throws Exception {
    ObjectNode tooManyOptions = command("many", "too many options");
    ArrayNode options = tooManyOptions.putArray("options");
    for (int i = 0; i < 26; i++) {
      options.add(command("o" + i, "option").put("type", 3));
    }
    ObjectNode tooManyChoices = command("choosy", "too many choices");
    ObjectNode pick = command("pick", "pick").put("type", 3);
    tooManyChoices.putArray("options").add(pick);
    ArrayNode choices = pick.putArray("choices");
    for (int i = 0; i < 26; i++) {
      choices.addObject().put("name", "c" + i).put("value", "v".repeat(i == 0 ? 101 : 1));
    }
    ObjectNode huge = command("huge", "d".repeat(100));
    ArrayNode hugeOptions = huge.putArray("options");
    for (int i = 0; i < 25; i++) {
      ObjectNode option = command("o" + i, "x".repeat(100)).put("type", 3);
      ArrayNode optionChoices = option.putArray("choices");
      for (int c = 0; c < 2; c++) {
        optionChoices.addObject().put("name", "n".repeat(100)).put("value", "v".repeat(100));
      }
      hugeOptions.add(option);
    }

    var response =
        register(
            command("Upper", "a name with a capital"),
            command("has space", "a name with a space"),
            command("n".repeat(33), "a 33-character name"),
            command("nodesc", ""),
            command("longdesc", "d".repeat(101)),
            tooManyOptions,
            tooManyChoices,
            huge);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode errors = JSON.readTree(response.body()).path("errors");
    assertThat(errors.at("/0/name/_errors/0/message").asText()).contains("lowercase");
    assertThat(errors.at("/1/name/_errors/0/message").asText()).contains("regex");
    assertThat(errors.at("/2/name/_errors/0/message").asText()).contains("regex");
    assertThat(errors.at("/3/description/_errors/0/message").asText()).contains("required");
    assertThat(errors.at("/4/description/_errors/0/message").asText()).contains("1 and 100");
    assertThat(errors.at("/5/options/_errors/0/message").asText()).contains("25 or fewer");
    assertThat(errors.at("/6/options/0/choices/_errors/0/message").asText())
        .contains("25 or fewer");
    assertThat(errors.at("/6/options/0/choices/0/value/_errors/0/message").asText())
        .contains("100 or fewer");
    assertThat(errors.at("/7/_errors/0/message").asText()).contains("maximum size (8000)");
    fake.takeRejections();
    assertThat(fake.registeredCommands()).extracting(c -> c.path("name").asText()).contains("ping");
    fake.reset();
  }

  @Test
  @DisplayName(
      "message flags: each endpoint accepts only the flags Discord documents for it (message.mdx,"
          + " webhook.mdx, receiving-and-responding.mdx)")
  void flagsPerEndpoint() throws Exception {
    ObjectNode ephemeralInChannel = JSON.createObjectNode().put("content", "hi").put("flags", 64);
    ephemeralInChannel.putObject("allowed_mentions").putArray("parse");
    var refused =
        raw("POST", "channels/" + fake.channelId("ops") + "/messages", ephemeralInChannel);
    ObjectNode suppressed = ephemeralInChannel.deepCopy().put("flags", 4 | 4096);
    var accepted = raw("POST", "channels/" + fake.channelId("ops") + "/messages", suppressed);
    String id = JSON.readTree(accepted.body()).path("id").asText();
    ObjectNode notifyEdit = JSON.createObjectNode().put("content", "edited").put("flags", 4 | 64);
    notifyEdit.putObject("allowed_mentions").putArray("parse");
    var editRefused =
        raw("PATCH", "channels/" + fake.channelId("ops") + "/messages/" + id, notifyEdit);
    FakeInteraction silent = fake.slash("silent", Map.of(), fake.user("flo"));
    var loading =
        callback(silent, 4, JSON.createObjectNode().put("content", "x").put("flags", 128));

    assertThat(refused.statusCode()).as(errorsOf(refused)).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).at("/errors/flags").isMissingNode()).isFalse();
    assertThat(accepted.statusCode()).as(errorsOf(accepted)).isEqualTo(200);
    assertThat(editRefused.statusCode()).as(errorsOf(editRefused)).isEqualTo(400);
    assertThat(loading.statusCode()).as(errorsOf(loading)).isEqualTo(400);
    assertThat(fake.takeRejections()).hasSize(3);
    fake.reset();
  }

  @Test
  @DisplayName(
      "components: only action rows at the top, up to 5 buttons or one select per row, no text"
          + " input in a message (components/reference.mdx, Action Row)")
  void componentsPerRow() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("content", "rows");
    body.putObject("allowed_mentions").putArray("parse");
    ArrayNode rows = body.putArray("components");
    ArrayNode six = rows.addObject().put("type", 1).putArray("components");
    for (int i = 0; i < 6; i++) {
      six.addObject().put("type", 2).put("style", 1).put("label", "b").put("custom_id", "b" + i);
    }
    ArrayNode mixed = rows.addObject().put("type", 1).putArray("components");
    mixed.addObject().put("type", 2).put("style", 1).put("label", "b").put("custom_id", "m1");
    mixed.addObject().put("type", 3).put("custom_id", "s1").putArray("options");
    rows.addObject().put("type", 2).put("style", 1).put("label", "loose").put("custom_id", "l");
    rows.addObject()
        .put("type", 1)
        .putArray("components")
        .addObject()
        .put("type", 4)
        .put("custom_id", "t")
        .put("style", 1);

    var response = raw("POST", "channels/" + fake.channelId("ops") + "/messages", body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(response.body()).path("errors");
    assertThat(errors.at("/components/0/components/_errors/0/message").asText())
        .isEqualTo("Must be 5 or fewer in length.");
    assertThat(errors.at("/components/1/components/_errors/0/message").asText())
        .contains("select menu holds nothing else");
    assertThat(errors.at("/components/2/type/_errors/0/message").asText())
        .contains("not an action row");
    assertThat(errors.at("/components/3/components/0/type/_errors/0/message").asText())
        .contains("not allowed in a message's action row");
    fake.takeRejections();
    fake.reset();
  }

  @Test
  @DisplayName(
      "threads: a message unarchives an archived thread; a locked one refuses it (50083 when"
          + " archived, 160005 when not), and an archived one refuses edits (threads.mdx)")
  void archivedAndLockedThreads() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("content", "starter");
    body.putObject("allowed_mentions").putArray("parse");
    String archived = startThread("t");
    String post = raw("POST", "channels/" + archived + "/messages", body).body();
    String inThread = JSON.readTree(post).path("id").asText();
    fake.archiveThread(archived, false);
    ObjectNode edit = JSON.createObjectNode().put("content", "edited");
    edit.putObject("allowed_mentions").putArray("parse");
    var editArchived = raw("PATCH", "channels/" + archived + "/messages/" + inThread, edit);
    var unarchiving = raw("POST", "channels/" + archived + "/messages", body);
    String lockedArchived = startThread("t");
    fake.archiveThread(lockedArchived, true);
    var intoLockedArchived = raw("POST", "channels/" + lockedArchived + "/messages", body);
    String locked = startThread("t");
    fake.archiveThread(locked, true);
    raw("POST", "channels/" + locked + "/messages", body); // refused: still archived
    ((ObjectNode) fake.guild().threads.get(locked).path("thread_metadata")).put("archived", false);
    var intoLocked = raw("POST", "channels/" + locked + "/messages", body);

    assertThat(JSON.readTree(editArchived.body()).path("code").asInt()).isEqualTo(50083);
    assertThat(unarchiving.statusCode()).isEqualTo(200);
    assertThat(fake.thread(archived).at("/thread_metadata/archived").asBoolean()).isFalse();
    assertThat(intoLockedArchived.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(intoLockedArchived.body()).path("code").asInt()).isEqualTo(50083);
    assertThat(fake.thread(lockedArchived).at("/thread_metadata/archived").asBoolean()).isTrue();
    assertThat(intoLocked.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(intoLocked.body()).path("code").asInt()).isEqualTo(160005);
    fake.takeRejections();
    fake.reset();
  }

  @Test
  @DisplayName(
      "threads and the gateway: THREAD_CREATE, THREAD_UPDATE on archiving (JDA drops the thread)"
          + " and on unarchiving by a message, THREAD_DELETE; GUILD_CREATE lists active threads"
          + " only; Get Channel answers an archived thread with the bot's thread member, and a"
          + " deleted one 10003 (threads.mdx, gateway-events.mdx, channel.mdx)")
  void threadsThroughTheGateway() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("content", "in the thread");
    body.putObject("allowed_mentions").putArray("parse");
    String thread = startThread("watched");
    awaitCached(thread, true);

    fake.archiveThread(thread, false);
    awaitCached(thread, false);
    var archived = raw("GET", "channels/" + thread, null);
    boolean listed =
        java.util.stream.StreamSupport.stream(
                fake.guild().guildCreate().path("threads").spliterator(), false)
            .anyMatch(t -> t.path("id").asText().equals(thread));
    var unarchiving = raw("POST", "channels/" + thread + "/messages", body);
    awaitCached(thread, true);
    boolean archivedInCache = jda.getThreadChannelById(thread).isArchived();

    fake.deleteThread(thread);
    awaitCached(thread, false);
    var deleted = raw("GET", "channels/" + thread, null);
    var intoDeleted = raw("POST", "channels/" + thread + "/messages", body);

    assertThat(archived.statusCode()).isEqualTo(200);
    JsonNode channel = JSON.readTree(archived.body());
    assertThat(channel.at("/thread_metadata/archived").asBoolean()).isTrue();
    assertThat(channel.at("/member/user_id").asText()).isEqualTo(fake.botId());
    assertThat(listed).as("GUILD_CREATE lists an archived thread").isFalse();
    assertThat(unarchiving.statusCode()).isEqualTo(200);
    assertThat(archivedInCache).isFalse();
    assertThat(deleted.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(deleted.body()).path("code").asInt()).isEqualTo(10003);
    assertThat(JSON.readTree(intoDeleted.body()).path("code").asInt()).isEqualTo(10003);
    fake.takeRejections();
    fake.reset();
  }

  /** A thread started (over raw REST) on a new message in #ops; answers its id. */
  private static String startThread(String name) throws java.io.IOException {
    ObjectNode body = JSON.createObjectNode().put("content", "starter");
    body.putObject("allowed_mentions").putArray("parse");
    String ops = fake.channelId("ops");
    String starter =
        JSON.readTree(raw("POST", "channels/" + ops + "/messages", body).body())
            .path("id")
            .asText();
    var created =
        raw(
            "POST",
            "channels/" + ops + "/messages/" + starter + "/threads",
            JSON.createObjectNode().put("name", name));
    return JSON.readTree(created.body()).path("id").asText();
  }

  /** Waits until JDA's cache holds {@code thread} (or no longer does). */
  private static void awaitCached(String thread, boolean cached) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while ((jda.getThreadChannelById(thread) != null) != cached) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "JDA's cache " + (cached ? "lacks" : "still holds") + " " + thread);
      }
      sleep(20);
    }
  }

  @Test
  @DisplayName(
      "nonces: an enforced nonce answers the message it created within the window, per author"
          + " across channels; over 25 characters or not a string or integer is refused; a second"
          + " thread from one message is 160004 (message.mdx Create Message, threads.mdx)")
  void noncesAndThreadStarts() throws Exception {
    String ops = fake.channelId("ops");
    String alerts = fake.channelId("alerts");
    ObjectNode body = JSON.createObjectNode().put("content", "once");
    body.putObject("allowed_mentions").putArray("parse");
    ObjectNode enforced = body.deepCopy().put("nonce", "n-1").put("enforce_nonce", true);
    String first = idOf(raw("POST", "channels/" + ops + "/messages", enforced));
    String again = idOf(raw("POST", "channels/" + alerts + "/messages", enforced));
    String asInteger =
        idOf(
            raw(
                "POST",
                "channels/" + ops + "/messages",
                body.deepCopy().put("nonce", 42).put("enforce_nonce", true)));
    String sameInteger =
        idOf(
            raw(
                "POST",
                "channels/" + ops + "/messages",
                body.deepCopy().put("nonce", "42").put("enforce_nonce", true)));
    String notEnforced =
        idOf(raw("POST", "channels/" + ops + "/messages", body.put("nonce", "n-1")));
    var tooLong =
        raw("POST", "channels/" + ops + "/messages", body.deepCopy().put("nonce", "n".repeat(26)));
    ObjectNode wrongType = body.deepCopy();
    wrongType.putObject("nonce");
    var notAString = raw("POST", "channels/" + ops + "/messages", wrongType);
    fake.nonceWindow(Duration.ZERO);
    String afterWindow = idOf(raw("POST", "channels/" + ops + "/messages", enforced));
    fake.nonceWindow(FakeDiscord.NONCE_WINDOW);
    ObjectNode name = JSON.createObjectNode().put("name", "t");
    var thread = raw("POST", "channels/" + ops + "/messages/" + first + "/threads", name);
    var secondThread = raw("POST", "channels/" + ops + "/messages/" + first + "/threads", name);

    assertThat(again).as("the same nonce in another channel").isEqualTo(first);
    assertThat(sameInteger).as("42 and \"42\"").isEqualTo(asInteger);
    assertThat(notEnforced).isNotEqualTo(first);
    assertThat(afterWindow).as("past the window").isNotIn(first, notEnforced);
    assertThat(fake.messages("ops")).filteredOn(m -> m.content().equals("once")).hasSize(4);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).at("/errors/nonce/_errors/0/message").asText())
        .startsWith("Must be 25 or fewer in length");
    assertThat(notAString.statusCode()).isEqualTo(400);
    assertThat(idOf(thread)).as("a thread's id is its message's").isEqualTo(first);
    assertThat(secondThread.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(secondThread.body()).path("code").asInt()).isEqualTo(160004);
    assertThat(fake.takeRejections()).hasSize(3);
    fake.reset();
  }

  private static String idOf(java.net.http.HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return JSON.readTree(response.body()).path("id").asText();
  }

  @Test
  @DisplayName(
      "autocomplete: a choice value over 100 characters is refused (application-commands.mdx,"
          + " Application Command Option Choice Structure)")
  void autocompleteValueLength() throws Exception {
    ArrayNode choices = JSON.createArrayNode();
    choices.addObject().put("name", "long").put("value", "v".repeat(101));
    choices.addObject().put("name", "fine").put("value", "v".repeat(100));
    choices.addObject().put("name", "none");

    // the rule FakeApi applies to callback type 8 before it records the choices
    Map<String, String> problems = DiscordRules.checkChoices(choices);

    assertThat(problems)
        .containsOnlyKeys("choices.0.value", "choices.2.value")
        .containsEntry("choices.0.value", "Must be 100 or fewer in length (was 101).");
  }

  @Test
  @DisplayName(
      "a follow-up while the deferred answer is still thinking edits that answer, its ephemeral"
          + " flag ignored (receiving-and-responding.mdx, Create Followup Message)")
  void followUpWhileThinkingEditsTheAnswer() throws Exception {
    FakeInteraction silent = fake.slash("silent", Map.of(), fake.user("tess"));
    assertThat(callback(silent, 5, JSON.createObjectNode()).statusCode()).isEqualTo(200);
    ObjectNode secret = JSON.createObjectNode().put("content", "secret").put("flags", 64);
    secret.putObject("allowed_mentions").putArray("parse");

    var response = raw("POST", "webhooks/" + fake.botId() + "/" + silent.token(), secret);
    var second = raw("POST", "webhooks/" + fake.botId() + "/" + silent.token(), secret);

    assertThat(response.statusCode()).isEqualTo(200);
    FakeMessage answer = fake.awaitAnswer(silent);
    assertThat(answer.content()).isEqualTo("secret");
    assertThat(answer.ephemeral()).as("shown to everyone").isFalse();
    assertThat(JSON.readTree(response.body()).path("id").asText()).isEqualTo(answer.id());
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(fake.followUps(silent))
        .singleElement()
        .satisfies(m -> assertThat(m.ephemeral()).as("a real follow-up").isTrue());
    fake.reset();
  }

  @Test
  @DisplayName(
      "an interaction token older than its lifetime is refused: 401, 50027 Invalid Webhook Token"
          + " (receiving-and-responding.mdx; opcodes-and-status-codes.mdx)")
  void expiredToken() throws Exception {
    FakeInteraction silent = fake.slash("silent", Map.of(), fake.user("ed"));
    assertThat(callback(silent, 5, JSON.createObjectNode()).statusCode()).isEqualTo(200);
    fake.tokenLifetime(Duration.ofMillis(300));
    try {
      sleep(500);
      ObjectNode edit = JSON.createObjectNode().put("content", "late");
      edit.putObject("allowed_mentions").putArray("parse");

      var response =
          raw(
              "PATCH",
              "webhooks/" + fake.botId() + "/" + silent.token() + "/messages/@original",
              edit);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(response.body()).path("code").asInt()).isEqualTo(50027);
      assertThat(JSON.readTree(response.body()).path("message").asText())
          .isEqualTo("Invalid Webhook Token");
    } finally {
      fake.tokenLifetime(FakeDiscord.TOKEN_LIFETIME);
      fake.takeRejections();
      fake.reset();
    }
  }

  @Test
  @DisplayName(
      "gateway intents: a privileged intent not enabled for the app closes the connection with"
          + " 4014 (events/gateway.mdx, Privileged Intents)")
  void disallowedIntents() throws Exception {
    try (FakeDiscord other = FakeDiscord.start()) {
      JDABuilder builder =
          JDABuilder.createLight(
              other.token(),
              net.dv8tion.jda.api.requests.GatewayIntent.GUILD_MESSAGES,
              net.dv8tion.jda.api.requests.GatewayIntent.GUILD_MEMBERS);
      other.connection().accept(builder);
      JDA refused = builder.build();
      try {
        org.assertj.core.api.Assertions.assertThatThrownBy(refused::awaitReady)
            .isInstanceOf(IllegalStateException.class);
      } finally {
        refused.shutdownNow();
      }
      assertThat(other.identifiedIntents() & (1L << 1)).isNotZero();
    }
    assertThat(fake.identifiedIntents() & (1L << 1)).as("the test bot asked for none").isZero();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
