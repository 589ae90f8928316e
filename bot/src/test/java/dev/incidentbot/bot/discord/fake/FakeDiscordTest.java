package dev.incidentbot.bot.discord.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fake's own rules, shown with a bare JDA bot that misbehaves on purpose. */
@DisplayName("FakeDiscord with plain JDA")
class FakeDiscordTest {
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
                    if (event.getName().equals("late")) {
                      sleep(3300);
                    }
                    event.reply("pong").setAllowedMentions(List.of()).queue(ok -> {}, e -> {});
                  }
                });
    fake.connection().accept(builder);
    jda = builder.build().awaitReady();
    jda.getGuildById(fake.guildId())
        .updateCommands()
        .addCommands(Commands.slash("ping", "answers at once"), Commands.slash("late", "too late"))
        .complete();
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
