package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeInteraction;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeModal;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The Discord adapter end to end: layout, buttons, slow work, mentions, outbox")
class DiscordInteractionsEndToEndTest {
  private static final JsonMapper JSON = new JsonMapper();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(() -> targets(target("main", "redis://127.0.0.1:1")))
          .command(TestCommands.all().toArray(dev.incidentbot.chat.Command[]::new))
          .setUp(fake -> fake.roleMentionable("On-Call", true))
          .build();

  private final FakeDiscord fake = discord.fake();

  @Test
  @DisplayName("a reply too long for one message continues in follow-ups, every line kept")
  void longReplyIsSplit() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run = discord.slash("test long", Map.of("lines", 150), alice);
    FakeMessage first = fake.awaitAnswer(run);
    List<FakeMessage> rest = fake.awaitFollowUps(run, 1);

    String shown =
        first.allText()
            + "\n"
            + rest.stream().map(FakeMessage::allText).collect(Collectors.joining("\n"));
    assertThat(shown.lines())
        .containsSubsequence(IntStream.range(0, 150).mapToObj(TestCommands::line).toList());
    assertThat(first.title()).isEqualTo("Report of 150 lines");
    assertThat(rest).allSatisfy(m -> assertThat(m.ephemeral()).isFalse());
  }

  @Test
  @DisplayName(
      "a reply that would flood the channel is attached as a Markdown file under a preview")
  void hugeReplyIsAttached() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeMessage answer = discord.run("test long", Map.of("lines", 3000), alice);

    assertThat(answer.description())
        .endsWith("the whole reply is in the attached file report-of-3000-lines.md.");
    String file = answer.fileText("report-of-3000-lines.md").orElseThrow();
    assertThat(file)
        .contains(
            IntStream.range(0, 3000)
                .mapToObj(TestCommands::line)
                .collect(Collectors.joining("\n")));
    assertThat(fake.followUps(fake.interaction(answer.interactionId()))).isEmpty();
  }

  @Test
  @DisplayName("a button press runs its stored action with the presser as actor, role checked")
  void buttonRoutesToItsHandler() {
    FakeUser viewer = discord.user("vic", "Viewer");
    FakeUser operator = discord.user("olga", "Operator");
    FakeMessage offer = discord.run("test buttons", Map.of(), viewer);
    assertThat(offer.buttonLabels()).containsExactly("Acknowledge", "Escalate");
    assertThat(offer.buttons())
        .allSatisfy(
            b ->
                assertThat(b.path("custom_id").asText())
                    .startsWith("btn:")
                    .hasSizeLessThanOrEqualTo(100));

    FakeMessage refused = fake.awaitAnswer(discord.click(offer, "Escalate", viewer));
    FakeMessage pressed = fake.awaitAnswer(discord.click(offer, "Escalate", operator));

    assertThat(refused.ephemeral()).isTrue();
    assertThat(refused.description())
        .isEqualTo("/test pressed needs the operator role; you have viewer.");
    assertThat(pressed.title()).isEqualTo("Pressed: escalate");
    assertThat(pressed.description()).isEqualTo("by olga in " + fake.channelId("ops"));
  }

  @Test
  @DisplayName("a button whose action is gone answers privately that it has expired")
  void expiredButton() {
    ObjectNode body = JSON.createObjectNode().put("content", "old offer");
    body.putObject("allowed_mentions").putArray("parse");
    body.putArray("components")
        .addObject()
        .put("type", 1)
        .putArray("components")
        .addObject()
        .put("type", 2)
        .put("style", 1)
        .put("label", "Confirm")
        .put("custom_id", "btn:no-such-id");
    assertThat(
            fake.rawRequest("POST", "channels/" + fake.channelId("ops") + "/messages", body)
                .statusCode())
        .isEqualTo(200);
    FakeMessage old = fake.messages("ops").get(0);

    FakeMessage answer =
        fake.awaitAnswer(discord.click(old, "Confirm", discord.user("olga", "Operator")));

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.description()).isEqualTo(InteractionListener.EXPIRED);
  }

  @Test
  @DisplayName(
      "slow work is deferred within 3 s, shows progress at most once a second, then the result")
  void slowWorkIsDeferredAndEdited() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run = discord.slash("test slow", Map.of("millis", 2500), alice);
    FakeMessage done = fake.awaitAnswer(run, m -> m.title().startsWith("Done"));

    FakeInteraction acked = fake.interaction(run.id());
    assertThat(acked.timeToAcknowledge()).isLessThan(FakeDiscord.ACK_DEADLINE);
    assertThat(done.edits()).as("progress edits, then the result").isBetween(1, 5);
    assertThat(done.ephemeral()).isFalse();
  }

  @Test
  @DisplayName("slow work without progress is deferred within 3 s, then the answer replaces it")
  void silentSlowWorkIsDeferred() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run = discord.slash("test slow", Map.of("millis", 2000, "silent", true), alice);
    FakeMessage done = fake.awaitAnswer(run);

    FakeInteraction acked = fake.interaction(run.id());
    assertThat(acked.callbackType()).as("deferred").isEqualTo(5);
    assertThat(acked.timeToAcknowledge())
        .isGreaterThanOrEqualTo(InteractionResponder.DEFER_AFTER)
        .isLessThan(FakeDiscord.ACK_DEADLINE);
    assertThat(done.title()).startsWith("Done");
    assertThat(done.edits()).isEqualTo(1);
  }

  @Test
  @DisplayName("a private reply after a public deferral replaces it with a private follow-up")
  void privateAfterPublicDeferral() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run =
        discord.slash("test slow", Map.of("millis", 1700, "private", true, "silent", true), alice);
    List<FakeMessage> followUps = fake.awaitFollowUps(run, 1);

    assertThat(followUps.get(0).ephemeral()).isTrue();
    assertThat(followUps.get(0).title()).startsWith("Done");
    awaitTrue(() -> fake.messages("ops").stream().noneMatch(m -> !m.ephemeral()));
  }

  @Test
  @DisplayName(
      "a private answer after a public deferral stays private when Discord gets the follow-up"
          + " before the removal of the answer: the follow-up waits for it")
  void privateAfterDeferralWhenTheRemovalIsSlow() {
    FakeUser alice = discord.user("alice", "Viewer");
    fake.delay("DELETE webhooks/*/*/messages/*", Duration.ofMillis(800));

    FakeInteraction run =
        discord.slash("test slow", Map.of("millis", 1700, "private", true, "silent", true), alice);
    List<FakeMessage> followUps = fake.awaitFollowUps(run, 1);

    assertThat(followUps.get(0).ephemeral()).isTrue();
    assertThat(followUps.get(0).title()).startsWith("Done");
    awaitTrue(() -> fake.messages("ops").stream().noneMatch(m -> !m.ephemeral()));
  }

  @Test
  @DisplayName(
      "a deferred answer in several parts keeps part 1 when Discord gets part 2 before the edit"
          + " that shows part 1: part 2 waits for it")
  void partsAfterDeferralWhenTheEditIsSlow() {
    FakeUser alice = discord.user("alice", "Viewer");
    fake.delay("PATCH webhooks/*/*/messages/*", Duration.ofMillis(800));

    FakeInteraction run = discord.slash("test long", Map.of("lines", 150, "millis", 1700), alice);
    List<FakeMessage> rest = fake.awaitFollowUps(run, 1);
    FakeMessage first = fake.awaitAnswer(run);

    assertThat(fake.interaction(run.id()).callbackType()).as("deferred").isEqualTo(5);
    assertThat(first.title()).isEqualTo("Report of 150 lines");
    String shown =
        first.allText()
            + "\n"
            + rest.stream().map(FakeMessage::allText).collect(Collectors.joining("\n"));
    assertThat(shown.lines())
        .containsSubsequence(IntStream.range(0, 150).mapToObj(TestCommands::line).toList());
  }

  @Test
  @DisplayName(
      "a page notifies the members of the on-call role (mentionable), nobody else, and the bot"
          + " does not warn at start-up")
  void pageNotifiesOnCall() {
    FakeUser alice = discord.user("alice", "Viewer");
    FakeUser carol = discord.user("carol", "On-Call");
    FakeUser dave = discord.user("dave", "Operator");

    FakeMessage page = discord.run("test page", Map.of("text", "@everyone <@&1> wake up"), alice);

    assertThat(page.notified()).containsExactly(carol.id()).doesNotContain(dave.id());
    assertThat(discord.bot().startupWarnings()).isEmpty();
  }

  @Test
  @DisplayName(
      "the bot identifies with guild messages and message content, no other privileged intent")
  void gatewayIntents() {
    long intents = fake.identifiedIntents();

    assertThat(intents & (1L << 9)).as("GUILD_MESSAGES").isNotZero();
    assertThat(intents & ((1L << 1) | (1L << 8) | (1L << 15)))
        .as("privileged: MESSAGE_CONTENT only")
        .isEqualTo(1L << 15);
  }

  @Test
  @DisplayName("only the on-call role can be mentioned, and only when a reply asks for it")
  void mentionsOnlyOnCall() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeMessage page = discord.run("test page", Map.of("text", "@everyone <@&1> wake up"), alice);

    String onCall = fake.roleId("On-Call");
    assertThat(page.content()).isEqualTo("<@&" + onCall + ">");
    assertThat(page.allowedMentions().path("parse")).isEmpty();
    assertThat(page.allowedMentions().path("roles"))
        .extracting(JsonNode::asText)
        .containsExactly(onCall);
    assertThat(page.description()).isEqualTo("@everyone <@&1> wake up");
  }

  @Test
  @DisplayName("a person picked in a user option is mentioned, and only they can be pinged")
  void mentionsPickedPerson() {
    FakeUser alice = discord.user("alice", "Viewer");
    FakeUser bob = discord.user("bob");

    FakeMessage answer = discord.run("test who", Map.of("user", bob), alice);

    assertThat(answer.title()).isEqualTo("Over to bob");
    assertThat(answer.content()).isEqualTo("<@" + bob.id() + ">");
    assertThat(answer.allowedMentions().path("parse")).isEmpty();
    assertThat(answer.allowedMentions().path("users"))
        .extracting(JsonNode::asText)
        .containsExactly(bob.id());
  }

  @Test
  @DisplayName(
      "a form opens as a modal, prefilled; submitting it runs its command as the submitter")
  void formOpensAsModal() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction ask = discord.slash("test ask", Map.of(), alice);
    FakeModal modal = fake.awaitModal(ask);

    assertThat(fake.interaction(ask.id()).callbackType()).isEqualTo(9);
    assertThat(modal.title()).isEqualTo("Page on-call");
    assertThat(modal.customId()).startsWith("form:").hasSizeLessThanOrEqualTo(100);
    assertThat(modal.fields().values())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.customId()).isEqualTo("text");
              assertThat(f.label()).isEqualTo("What to say");
              assertThat(f.isParagraph()).isTrue();
              assertThat(f.value()).isEqualTo("Redis is down");
              assertThat(f.maxLength()).isEqualTo(500);
            });

    FakeUser bob = discord.user("bob", "Viewer");
    FakeMessage paged =
        fake.awaitAnswer(fake.submitModal(modal, Map.of("text", "cache-a is full"), bob));
    assertThat(paged.title()).isEqualTo("Paging on-call");
    assertThat(paged.description()).isEqualTo("cache-a is full");
    assertThat(discord.wiring().audit().recent(5))
        .anySatisfy(
            e -> {
              assertThat(e.command()).isEqualTo("test page");
              assertThat(e.actorName()).isEqualTo("bob");
            });
    assertThatThrownBy(() -> fake.submitModal(modal, Map.of("text", "x".repeat(501)), bob))
        .hasMessageContaining("What to say takes 0-500 characters, not 501");
  }

  @Test
  @DisplayName(
      "a choice is a select in the modal; the submitter's role is checked, fixed options kept")
  void formChoiceAndRoles() {
    FakeUser vera = discord.user("vera", "Viewer");
    FakeUser olga = discord.user("olga", "Operator");

    FakeModal modal = fake.awaitModal(discord.slash("test choose", Map.of(), vera));
    assertThat(modal.fields().get("choice"))
        .satisfies(
            f -> {
              assertThat(f.isSelect()).isTrue();
              assertThat(f.options()).containsExactly("ack", "escalate", "wait");
              assertThat(f.value()).isEqualTo("ack");
            });
    assertThat(modal.values()).containsEntry("reason", "");

    FakeMessage refused =
        fake.awaitAnswer(fake.submitModal(modal, Map.of("choice", "escalate"), vera));
    assertThat(refused.ephemeral()).isTrue();
    assertThat(refused.description()).contains("needs the operator role");

    FakeMessage pressed =
        fake.awaitAnswer(
            fake.submitModal(modal, Map.of("choice", "escalate", "reason", "paged twice"), olga));
    assertThat(pressed.title()).isEqualTo("Pressed: escalate");
    assertThat(pressed.description())
        .isEqualTo("by olga in " + fake.channelId("ops") + " (from the form): paged twice");
    assertThatThrownBy(() -> fake.submitModal(modal, Map.of("choice", "panic"), olga))
        .hasMessageContaining("'panic' is not one of [ack, escalate, wait]");
  }

  @Test
  @DisplayName(
      "a form that comes too late for a modal is the reply with a button, which opens the modal")
  void deferredFormOffersButton() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction slow = discord.slash("test ask", Map.of("millis", 1800), alice);
    FakeMessage answer = fake.awaitAnswer(slow);

    assertThat(fake.interaction(slow.id()).callbackType()).as("deferred").isEqualTo(5);
    assertThat(answer.title()).isEqualTo("Details needed");
    assertThat(answer.description()).isEqualTo("Say what on-call should know.");
    assertThat(answer.buttonLabels()).containsExactly("📝 Page on-call");

    FakeInteraction press = discord.click(answer, "📝 Page on-call", alice);
    FakeModal modal = fake.awaitModal(press);
    assertThat(modal.title()).isEqualTo("Page on-call");
    assertThat(modal.values()).containsExactly(Map.entry("text", "Redis is down"));

    FakeMessage paged = fake.awaitAnswer(fake.submitModal(modal, Map.of(), alice));
    assertThat(paged.description()).isEqualTo("Redis is down");
  }

  @Test
  @DisplayName("the outbox posts in configured channels, starts threads and posts in them")
  void outboxPostsAndThreads() {
    Outbox outbox = discord.bot().outbox();

    Outbox.Posted posted =
        outbox.post(
            outbox.place(Outbox.Channel.ALERTS),
            Reply.builder("Alert: main down").text("triage follows").build());
    Place thread = outbox.startThread(posted, "main down — " + "x".repeat(200));
    outbox.post(thread, Reply.builder("Triage").text("A: Redis unreachable").build());

    assertThat(posted.place().channelId()).isEqualTo(fake.channelId("alerts"));
    assertThat(fake.messages("alerts"))
        .singleElement()
        .extracting(FakeMessage::title)
        .isEqualTo("Alert: main down");
    assertThat(thread.threadId()).isEqualTo(posted.messageId());
    assertThat(fake.messages(thread.threadId()))
        .singleElement()
        .extracting(FakeMessage::title)
        .isEqualTo("Triage");
  }

  @Test
  @DisplayName("a message posted by a webhook reaches the bot with its content")
  void webhookMessagesReachTheBot() throws Exception {
    var received = new CompletableFuture<Message>();
    var listener =
        new ListenerAdapter() {
          @Override
          public void onMessageReceived(MessageReceivedEvent event) {
            received.complete(event.getMessage());
          }
        };
    discord.bot().jda().addEventListener(listener);
    try {
      ObjectNode embed = JSON.createObjectNode().put("title", "[FIRING:1] RedisDown main");
      fake.postWebhookMessage("alerts", "alert", embed);

      Message message = received.get(5, TimeUnit.SECONDS);
      assertThat(message.isWebhookMessage()).isTrue();
      assertThat(message.getContentRaw()).isEqualTo("alert");
      assertThat(message.getEmbeds().get(0).getTitle()).isEqualTo("[FIRING:1] RedisDown main");
      assertThat(message.getChannel().getId()).isEqualTo(fake.channelId("alerts"));
    } finally {
      discord.bot().jda().removeEventListener(listener);
    }
  }

  @Test
  @DisplayName("a dropped gateway connection is resumed, and work in flight still answers")
  void survivesDroppedConnection() {
    FakeUser alice = discord.user("alice", "Viewer");
    FakeInteraction run = discord.slash("test slow", Map.of("millis", 1000), alice);

    fake.dropGatewayConnection();
    FakeMessage done = fake.awaitAnswer(run, m -> m.title().startsWith("Done"));
    fake.awaitGatewayReady();
    FakeMessage after = discord.run("help", Map.of(), alice);

    assertThat(done.title()).startsWith("Done");
    assertThat(after.description()).contains("/test slow");
  }

  @Nested
  @DisplayName("the fake Discord is as strict as Discord")
  class Strictness {
    @Test
    @DisplayName("content over 2,000 characters is rejected with 400 and Discord's error body")
    void contentTooLong() throws Exception {
      ObjectNode body = JSON.createObjectNode().put("content", "x".repeat(2001));
      body.putObject("allowed_mentions").putArray("parse");

      var response =
          fake.rawRequest("POST", "channels/" + fake.channelId("ops") + "/messages", body);

      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.path("code").asInt()).isEqualTo(50035);
      assertThat(
              error.path("errors").path("content").path("_errors").get(0).path("message").asText())
          .startsWith("Must be 2000 or fewer in length");
      assertThat(fake.takeRejections()).hasSize(1);
      assertThat(fake.messages("ops")).isEmpty();
    }

    @Test
    @DisplayName(
        "a message without allowed_mentions, 6 button rows or a 101-character custom id: 400")
    void layoutAndMentions() {
      String path = "channels/" + fake.channelId("ops") + "/messages";
      ObjectNode noMentions = JSON.createObjectNode().put("content", "hello");
      ObjectNode sixRows = JSON.createObjectNode().put("content", "rows");
      sixRows.putObject("allowed_mentions").putArray("parse");
      for (int r = 0; r < 6; r++) {
        sixRows
            .withArray("components")
            .addObject()
            .put("type", 1)
            .putArray("components")
            .addObject()
            .put("type", 2)
            .put("style", 1)
            .put("label", "b" + r)
            .put("custom_id", "id" + r);
      }
      ObjectNode longId = JSON.createObjectNode().put("content", "id");
      longId.putObject("allowed_mentions").putArray("parse");
      longId
          .putArray("components")
          .addObject()
          .put("type", 1)
          .putArray("components")
          .addObject()
          .put("type", 2)
          .put("style", 1)
          .put("label", "b")
          .put("custom_id", "x".repeat(101));

      assertThat(fake.rawRequest("POST", path, noMentions).statusCode()).isEqualTo(400);
      assertThat(fake.rawRequest("POST", path, sixRows).statusCode()).isEqualTo(400);
      assertThat(fake.rawRequest("POST", path, longId).statusCode()).isEqualTo(400);
      assertThat(fake.takeRejections())
          .extracting(r -> r.body().path("errors").fieldNames().next())
          .containsExactly("allowed_mentions", "components", "components");
    }

    @Test
    @DisplayName("embeds over 6,000 characters in total, which JDA lets through, are rejected")
    void embedsOverTotalThroughJda() {
      TextChannel ops = discord.bot().jda().getTextChannelById(fake.channelId("ops"));
      var twoBigEmbeds =
          new MessageCreateBuilder()
              .setEmbeds(
                  new EmbedBuilder().setDescription("a".repeat(3500)).build(),
                  new EmbedBuilder().setDescription("b".repeat(3500)).build())
              .setAllowedMentions(List.of())
              .build();

      assertThatThrownBy(() -> ops.sendMessage(twoBigEmbeds).complete())
          .isInstanceOf(ErrorResponseException.class)
          .satisfies(e -> assertThat(((ErrorResponseException) e).getErrorCode()).isEqualTo(50035));
      assertThat(fake.takeRejections())
          .singleElement()
          .extracting(FakeDiscord.Rejection::status)
          .isEqualTo(400);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }
}
