package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.DiscordSettings;
import dev.incidentbot.bot.http.HealthProbe;
import dev.incidentbot.bot.leader.GatewayLease;
import dev.incidentbot.bot.store.JdbcInteractionClaims;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot in Discord: logs in with JDA, registers the router's commands in the configured guild,
 * answers interactions through {@link InteractionListener} and posts through its {@link Outbox},
 * which it attaches to the wiring so that commands post through it too.
 *
 * <p>Gateway intents are kept to guild messages and their content (alert messages are read from the
 * alerts channel); member roles come with each interaction, so members are neither requested nor
 * cached, and every optional cache is off.
 *
 * <p>Lifecycle: {@link #start} returns once the bot is connected and its commands are registered;
 * {@link #close} waits for replies still being worked on, then disconnects. {@link
 * #runUntilStopped} (what {@code Main} runs) first waits for the gateway lease, so that of several
 * instances on one database only the leader connects ({@link dev.incidentbot.bot.leader}).
 */
public final class DiscordBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final JDA jda;
  private final InFlight inFlight;
  private final ScheduledExecutorService deadlines;
  private final Outbox outbox;
  private final List<String> warnings;

  private DiscordBot(
      JDA jda,
      InFlight inFlight,
      ScheduledExecutorService deadlines,
      Outbox outbox,
      List<String> warnings) {
    this.jda = jda;
    this.inFlight = inFlight;
    this.deadlines = deadlines;
    this.outbox = outbox;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Connects to Discord and registers the commands.
   *
   * @param connection adjusts the JDA builder before login: nothing in production; tests point it
   *     at a fake Discord
   * @throws IllegalStateException with a message for the operator when the configuration has no
   *     discord section, the token is refused or the bot is not in the configured guild
   */
  public static DiscordBot start(Wiring wiring, String token, Consumer<JDABuilder> connection)
      throws InterruptedException {
    return start(wiring, token, connection, InteractionResponder.HOOK_LIFETIME);
  }

  /**
   * Connects to Discord and registers the commands, using an interaction's token for {@code
   * hookLifetime} only (Discord's 15 minutes less a margin in production; seconds in tests), after
   * which answers are posted in the channel.
   */
  public static DiscordBot start(
      Wiring wiring, String token, Consumer<JDABuilder> connection, Duration hookLifetime)
      throws InterruptedException {
    DiscordSettings settings = settings(wiring);
    var deadlines = deadlinesExecutor();
    var inFlight = new InFlight(wiring.workers());
    var outboxRef = new java.util.concurrent.atomic.AtomicReference<Outbox>();
    var listener =
        interactionListener(wiring, settings, inFlight, deadlines, outboxRef, hookLifetime);
    JDABuilder builder = builder(token, wiring, settings, listener);
    connection.accept(builder);
    JDA jda = login(builder, deadlines);
    var outbox = new DiscordOutbox(jda, settings, new DiscordMessages(wiring.components()));
    outboxRef.set(outbox);
    wiring.start(outbox);
    List<String> warnings = setUpGuild(jda, wiring, settings, deadlines);
    return new DiscordBot(jda, inFlight, deadlines, outbox, warnings);
  }

  private static DiscordSettings settings(Wiring wiring) {
    return wiring
        .config()
        .discordSettings()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "a Discord token is set but "
                        + wiring.config().source()
                        + " has no discord: section; add discord.guild and"
                        + " discord.channels.ops (see docs/discord.md)"));
  }

  /** The daemon thread that ends interactions' deadlines. */
  private static ScheduledExecutorService deadlinesExecutor() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "discord-deadlines");
          t.setDaemon(true);
          return t;
        });
  }

  /** Answers slash commands and buttons; posts through the outbox once it exists. */
  private static InteractionListener interactionListener(
      Wiring wiring,
      DiscordSettings settings,
      InFlight inFlight,
      ScheduledExecutorService deadlines,
      java.util.concurrent.atomic.AtomicReference<Outbox> outbox,
      Duration hookLifetime) {
    return new InteractionListener(
        wiring.router(),
        wiring.components(),
        wiring.targets()::names,
        settings,
        wiring.clock(),
        inFlight,
        deadlines,
        outbox::get,
        hookLifetime,
        new JdbcInteractionClaims(wiring.database(), wiring.instanceId(), wiring.clock())::claim);
  }

  /**
   * A light JDA: guild messages and their content only, no member cache or chunking, every optional
   * cache off, no shutdown hook (the bot closes itself).
   */
  private static JDABuilder builder(
      String token, Wiring wiring, DiscordSettings settings, InteractionListener listener) {
    return JDABuilder.createLight(
            token, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
        .setMemberCachePolicy(MemberCachePolicy.NONE)
        .setChunkingFilter(ChunkingFilter.NONE)
        .disableCache(EnumSet.allOf(CacheFlag.class))
        .setEnableShutdownHook(false)
        .addEventListeners(
            new ConnectionLog(),
            listener,
            new AlertMessageListener(
                wiring.alertIntake(), settings.channelId(Outbox.Channel.ALERTS), wiring.workers()));
  }

  /** Logs in; a refused token or an unreachable Discord stops the deadlines thread too. */
  private static JDA login(JDABuilder builder, ScheduledExecutorService deadlines) {
    try {
      return builder.build();
    } catch (InvalidTokenException e) {
      deadlines.shutdownNow();
      throw new IllegalStateException("Discord refused the bot token; check DISCORD_TOKEN", e);
    } catch (ErrorResponseException e) {
      deadlines.shutdownNow();
      throw unreachable(e);
    }
  }

  /**
   * Waits until JDA is ready, registers the slash commands in the configured guild and checks the
   * channels and roles; on any failure shuts JDA and the deadlines thread down.
   *
   * @return warnings for the operator that do not stop the bot (the on-call role)
   */
  private static List<String> setUpGuild(
      JDA jda, Wiring wiring, DiscordSettings settings, ScheduledExecutorService deadlines)
      throws InterruptedException {
    var warnings = new java.util.ArrayList<String>();
    try {
      jda.awaitReady();
      Guild guild = jda.getGuildById(settings.guildId());
      if (guild == null) {
        throw new IllegalStateException(
            "the bot is not a member of guild "
                + settings.guildId()
                + " (discord.guild); invite it with the URL in docs/discord.md");
      }
      var commands = SlashCommands.from(wiring.router().specs());
      guild.updateCommands().addCommands(commands).complete();
      log.info("registered {} slash commands in {}", commands.size(), guild.getName());
      checkChannels(jda, settings);
      checkRoles(guild, settings);
      checkOnCallRole(guild, settings).ifPresent(warnings::add);
    } catch (ErrorResponseException e) {
      jda.shutdownNow();
      deadlines.shutdownNow();
      throw unreachable(e);
    } catch (RuntimeException | InterruptedException e) {
      jda.shutdownNow();
      deadlines.shutdownNow();
      throw e;
    }
    return warnings;
  }

  /**
   * One sentence for the operator when Discord cannot be reached or answers with an error at
   * start-up (JDA reports a network failure as an error response with code -1 and the I/O exception
   * as its cause), instead of a stack trace.
   */
  private static IllegalStateException unreachable(ErrorResponseException e) {
    // the deepest I/O exception says it best ("Connection refused", the unknown host)
    Throwable root = e;
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        root = t;
      }
    }
    String why =
        e.isServerError() || e.getErrorCode() == -1
            ? "cannot reach Discord ("
                + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage())
                + "); check the network, DNS and any proxy between the bot and discord.com"
            : "Discord refused the start-up request (" + e.getMeaning() + ")";
    return new IllegalStateException(why, e);
  }

  /**
   * Runs the bot against the real Discord until the JVM is stopped; see {@link
   * #runUntilStopped(Wiring, String, Consumer)}.
   */
  public static boolean runUntilStopped(Wiring wiring, String token) throws InterruptedException {
    return runUntilStopped(wiring, token, builder -> {});
  }

  /**
   * Runs one bot instance: opens the HTTP port when configured (alert webhooks and {@code
   * /healthz}, whose role says leader or standby), waits for the {@link GatewayLease} (at once on
   * H2; on PostgreSQL while another instance holds it), then starts the bot in Discord and runs
   * until the JVM is stopped or the lease is lost, in which case it disconnects from Discord at
   * once and returns.
   *
   * @param connection adjusts the JDA builder: nothing in production; tests point it at a fake
   * @return true when stopped on request (the JVM shutting down), false when the connection shut
   *     down on its own or the gateway lease was lost (the process should exit and be restarted, as
   *     a standby)
   */
  public static boolean runUntilStopped(
      Wiring wiring, String token, Consumer<JDABuilder> connection) throws InterruptedException {
    var lease = GatewayLease.open(wiring.database());
    var asked = new AtomicBoolean();
    var running = new java.util.concurrent.atomic.AtomicReference<DiscordBot>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  asked.set(true);
                  DiscordBot bot = running.get();
                  if (bot != null) {
                    bot.close();
                  }
                  lease.close();
                },
                "discord-shutdown"));
    lease.onLost(
        () -> {
          wiring.stepDown(); // no more alerts claimed or handled here
          DiscordBot bot = running.get();
          if (bot != null) {
            bot.jda.shutdownNow(); // at once: another instance may take the gateway soon
          }
        });
    wiring.startHttp(
        List.of(
            new HealthProbe(
                "discord",
                () -> {
                  DiscordBot bot = running.get();
                  return bot == null
                      ? !lease.held() // a standby is not expected to be connected
                      : bot.jda.getStatus() == JDA.Status.CONNECTED;
                })));
    // on PostgreSQL a standby runs its share of the scheduled work; the leader posts the results
    wiring
        .config()
        .discordSettings()
        .ifPresent(settings -> wiring.standBy(c -> Place.channel(settings.channelId(c))));
    lease.awaitLeadership();
    wiring.lead();
    DiscordBot bot = start(wiring, token, connection);
    running.set(bot);
    if (lease.lost()) {
      bot.jda.shutdownNow();
    }
    bot.jda.awaitShutdown();
    if (lease.lost()) {
      log.error(
          "stepped down after losing the gateway lease; exiting so that the supervisor restarts"
              + " this instance as a standby");
      return false;
    }
    if (!asked.get()) {
      log.error("the Discord connection shut down on its own (token revoked or login refused)");
    }
    return asked.get();
  }

  /** For {@code /healthz}: up while the gateway connection is established. */
  public HealthProbe connectedProbe() {
    return new HealthProbe("discord", () -> jda.getStatus() == JDA.Status.CONNECTED);
  }

  /** Posts in the configured channels and threads. */
  public Outbox outbox() {
    return outbox;
  }

  /** What the start-up checks warned about (also logged), for tests and diagnostics. */
  public List<String> startupWarnings() {
    return warnings;
  }

  /** The JDA instance, for tests and diagnostics. */
  public JDA jda() {
    return jda;
  }

  /** Waits for replies being worked on (up to 10 s), then disconnects. */
  @Override
  public void close() {
    try {
      List<String> unfinished = inFlight.awaitIdle(DRAIN);
      if (!unfinished.isEmpty()) {
        log.error("shutting down with {} request(s) unanswered: {}", unfinished.size(), unfinished);
      }
      jda.shutdown();
      if (!jda.awaitShutdown(Duration.ofSeconds(5))) {
        jda.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jda.shutdownNow();
    } finally {
      deadlines.shutdownNow();
    }
  }

  private static void checkChannels(JDA jda, DiscordSettings settings) {
    for (var entry : settings.channels().entrySet()) {
      if (jda.getChannelById(GuildMessageChannel.class, entry.getValue()) == null) {
        log.warn(
            "discord.channels.{}: channel {} is not visible to the bot; posts there will fail",
            entry.getKey().name().toLowerCase(java.util.Locale.ROOT),
            entry.getValue());
      }
    }
  }

  /**
   * Discord notifies a role's members of a mention only when the role is mentionable or the bot has
   * Mention @everyone where it posts (Discord's message docs, "Allowed Mentions Object"): otherwise
   * every page shows the role and wakes nobody. Logs a loud warning naming the role and the fix,
   * and returns it.
   */
  private static java.util.Optional<String> checkOnCallRole(Guild guild, DiscordSettings settings) {
    String roleId = settings.onCallRoleId();
    if (roleId == null) {
      return java.util.Optional.empty();
    }
    Role role = roleId.matches("\\d{17,20}") ? guild.getRoleById(roleId) : null;
    String problem;
    if (role == null) {
      problem =
          "discord.onCallRole: there is no role "
              + roleId
              + " in "
              + guild.getName()
              + ", so pages notify NOBODY; set it to the id of the on-call role";
    } else if (role.isMentionable() || mayMentionEveryone(guild, settings)) {
      return java.util.Optional.empty();
    } else {
      problem =
          "discord.onCallRole: role '"
              + role.getName()
              + "' ("
              + roleId
              + ") is not mentionable and the bot lacks Mention @everyone in the ops channel, so"
              + " pages notify NOBODY; in Server Settings > Roles > "
              + role.getName()
              + " turn on 'Allow anyone to @mention this role' (see docs/discord.md)";
    }
    log.warn("!!! {} !!!", problem);
    return java.util.Optional.of(problem);
  }

  private static boolean mayMentionEveryone(Guild guild, DiscordSettings settings) {
    Member self = guild.getSelfMember();
    String opsId = settings.channels().get(Outbox.Channel.OPS);
    GuildChannel ops = opsId == null ? null : guild.getGuildChannelById(opsId);
    return ops != null
        ? self.hasPermission(ops, Permission.MESSAGE_MENTION_EVERYONE)
        : self.hasPermission(Permission.MESSAGE_MENTION_EVERYONE);
  }

  private static void checkRoles(Guild guild, DiscordSettings settings) {
    if (settings.roles().isEmpty()) {
      log.warn("discord.roles is empty: nobody may run any command");
    }
    settings
        .roles()
        .forEach(
            (botRole, grants) -> {
              for (String grant : grants) {
                boolean known =
                    grant.equals("@everyone")
                        || guild.getRoleById(grant.matches("\\d{17,20}") ? grant : "0") != null
                        || !guild.getRolesByName(grant, true).isEmpty();
                if (!known) {
                  log.warn(
                      "discord.roles.{}: there is no role '{}' in {}",
                      botRole,
                      grant,
                      guild.getName());
                }
              }
            });
  }
}
