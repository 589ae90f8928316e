package dev.incidentbot.bot.discord.fake;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.discord.DiscordBot;
import dev.incidentbot.chat.Command;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the real bot in Discord against a {@link FakeDiscord}, once per test class: starts the fake,
 * builds a {@link Wiring} from the given targets plus a {@code discord:} section for the fake guild
 * (and an in-memory H2 store), logs JDA in and waits until the commands are registered. Before each
 * test it forgets what was recorded; after each test it waits until every call the fake answered
 * 429 has been retried, then fails the test if one never was, if the fake saw a violation (an
 * interaction not acknowledged within 3 s, a message that could mention someone, an endpoint it
 * does not serve, a call ignoring the rate-limit headers) or rejected a call the test did not take
 * with {@link FakeDiscord#takeRejections()}. Discord's rate limits ({@link RateLimits#discord()})
 * are on unless the builder is given others.
 *
 * <pre>{@code
 * static final RedisServer redis = RedisServer.start();
 *
 * @RegisterExtension
 * static final FakeDiscordExtension discord =
 *     FakeDiscordExtension.withTargets(() -> "targets:\n  - name: main\n    url: " + redis.url() + "\n")
 *         .command(new MySlowTestCommand())
 *         .build();
 *
 * @Test
 * void health() {
 *   FakeUser alice = discord.user("alice", "Viewer");
 *   FakeInteraction run = discord.slash("redis health", Map.of("target", "main"), alice);
 *   FakeMessage answer = discord.fake().awaitAnswer(run);
 *   assertThat(answer.title()).isEqualTo("main: healthy");
 * }
 * }</pre>
 */
public final class FakeDiscordExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** How long after a test the extension waits for the bot to retry calls answered 429. */
  static final Duration RETRY_WAIT = Duration.ofSeconds(15);

  private final Supplier<String> targetsYaml;
  private final List<Command> extraCommands;
  private final RateLimits rateLimits;
  private final java.util.function.Consumer<FakeDiscord> setUp;
  private final Duration hookLifetime;
  private FakeDiscord fake;
  private Wiring wiring;
  private DiscordBot bot;

  private FakeDiscordExtension(
      Supplier<String> targetsYaml,
      List<Command> extraCommands,
      RateLimits rateLimits,
      java.util.function.Consumer<FakeDiscord> setUp,
      Duration hookLifetime) {
    this.targetsYaml = targetsYaml;
    this.extraCommands = List.copyOf(extraCommands);
    this.rateLimits = rateLimits;
    this.setUp = setUp;
    this.hookLifetime = hookLifetime;
  }

  /**
   * Starts building the extension.
   *
   * @param targetsYaml the configuration's {@code targets:} section (read when the class starts, so
   *     it may name ports of servers started in static fields)
   */
  public static Builder withTargets(Supplier<String> targetsYaml) {
    return new Builder(targetsYaml);
  }

  /** Builds a {@link FakeDiscordExtension}. */
  public static final class Builder {
    private final Supplier<String> targetsYaml;
    private final List<Command> commands = new ArrayList<>();
    private RateLimits rateLimits = RateLimits.discord();
    private java.util.function.Consumer<FakeDiscord> setUp = fake -> {};
    private Duration hookLifetime;

    private Builder(Supplier<String> targetsYaml) {
      this.targetsYaml = targetsYaml;
    }

    /** Registers test-only commands after the bot's own. */
    public Builder command(Command... extra) {
      commands.addAll(List.of(extra));
      return this;
    }

    /** The fake's rate limits: {@link RateLimits#discord()} unless given here. */
    public Builder rateLimits(RateLimits limits) {
      this.rateLimits = limits;
      return this;
    }

    /**
     * Prepares the fake before the bot connects: roles made mentionable, a shorter token lifetime
     * ({@link FakeDiscord#roleMentionable}, {@link FakeDiscord#tokenLifetime}).
     */
    public Builder setUp(java.util.function.Consumer<FakeDiscord> value) {
      this.setUp = value;
      return this;
    }

    /** How long the bot answers through an interaction's token before it posts in the channel. */
    public Builder hookLifetime(Duration value) {
      this.hookLifetime = value;
      return this;
    }

    public FakeDiscordExtension build() {
      return new FakeDiscordExtension(targetsYaml, commands, rateLimits, setUp, hookLifetime);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    fake = FakeDiscord.start(rateLimits);
    setUp.accept(fake);
    String yaml =
        targetsYaml.get()
            + "store:\n  url: \"jdbc:h2:mem:fake-discord-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1\"\n"
            + fake.configSection();
    BotConfig config;
    try {
      config = new ConfigLoader(name -> null).parse("fake Discord test config", yaml);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage() + "\n" + yaml, e);
    }
    wiring = new Wiring(config, Clock.systemUTC(), null, extraCommands);
    bot =
        hookLifetime == null
            ? DiscordBot.start(wiring, fake.token(), fake.connection())
            : DiscordBot.start(wiring, fake.token(), fake.connection(), hookLifetime);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fake.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // a call answered 429 comes back once its bucket resets: let it land in this test, not the next
    List<RateLimited> unretried = fake.awaitRateLimitRetries(RETRY_WAIT);
    if (!unretried.isEmpty()) {
      throw new AssertionError(
          "the bot never retried calls the fake Discord answered 429 (lost?): " + unretried);
    }
    List<String> violations = fake.violations();
    List<FakeDiscord.Rejection> rejections = fake.rejections();
    if (!violations.isEmpty() || !rejections.isEmpty()) {
      throw new AssertionError(
          "the fake Discord saw what real Discord would reject or this project forbids:\n  "
              + String.join("\n  ", violations)
              + (rejections.isEmpty() ? "" : "\n  rejected: " + rejections));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (bot != null) {
      bot.close();
    }
    if (wiring != null) {
      wiring.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  /** The fake Discord, with everything it recorded. */
  public FakeDiscord fake() {
    return fake;
  }

  /** The running bot (its JDA, its outbox). */
  public DiscordBot bot() {
    return bot;
  }

  /** The bot's wiring: router, stores, targets. */
  public Wiring wiring() {
    return wiring;
  }

  /** A new member of the fake guild holding the named roles: "Viewer", "Operator", … */
  public FakeUser user(String name, String... roleNames) {
    return fake.user(name, roleNames);
  }

  /** {@code user} runs {@code command} in #ops; see {@link FakeDiscord#slash}. */
  public FakeInteraction slash(String command, Map<String, ?> options, FakeUser user) {
    return fake.slash(command, options, user);
  }

  /** Runs {@code command} and waits for its answer. */
  public FakeMessage run(String command, Map<String, ?> options, FakeUser user) {
    return fake.awaitAnswer(fake.slash(command, options, user));
  }

  /** {@code user} presses {@code label} under {@code message}; see {@link FakeDiscord#click}. */
  public FakeInteraction click(FakeMessage message, String label, FakeUser user) {
    return fake.click(message, label, user);
  }
}
