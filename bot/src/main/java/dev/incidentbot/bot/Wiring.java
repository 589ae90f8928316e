package dev.incidentbot.bot;

import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcAuditLog;
import dev.incidentbot.bot.store.JdbcComponentStore;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.HelpCommand;
import dev.incidentbot.chat.Router;
import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.HealthCommand;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Targets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place where the bot is put together: every store, command and the router, built with
 * constructor injection from the configuration. Adapters (console, Discord) are given the result.
 * Tests build their own with the same method.
 */
public final class Wiring implements AutoCloseable {
  private final BotConfig config;
  private final Clock clock;
  private final Database database;
  private final AuditLog audit;
  private final ComponentStore components;
  private final Targets targets;
  private final ExecutorService workers;
  private final ExecutorService redisCalls;
  private final Router router;

  public Wiring(BotConfig config, Clock clock) {
    this(config, clock, List.of());
  }

  /**
   * The bot with {@code extraCommands} registered after the built-in ones: for tests that need a
   * command of their own (a slow one, one with buttons).
   */
  public Wiring(BotConfig config, Clock clock, List<? extends Command> extraCommands) {
    this.config = config;
    this.clock = clock;
    this.database = Database.open(config.store());
    this.audit = new JdbcAuditLog(database);
    this.components = new JdbcComponentStore(database, clock);
    this.targets = new Targets(config.targets());
    this.workers = Executors.newCachedThreadPool(named("worker"));
    this.redisCalls = Executors.newCachedThreadPool(named("redis"));

    var nodes = new RedisNodes();
    var health = new HealthCheck(nodes, redisCalls);
    List<Command> commands = new ArrayList<>();
    commands.add(new HelpCommand(this::specs));
    commands.add(new HealthCommand(targets, health));
    commands.addAll(extraCommands);
    this.router = new Router(commands, audit);
  }

  private List<dev.incidentbot.chat.CommandSpec> specs() {
    return router.specs();
  }

  public BotConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Router router() {
    return router;
  }

  public AuditLog audit() {
    return audit;
  }

  public ComponentStore components() {
    return components;
  }

  public Targets targets() {
    return targets;
  }

  public Database database() {
    return database;
  }

  /** The pool commands run on: never a chat platform's event thread. */
  public ExecutorService workers() {
    return workers;
  }

  @Override
  public void close() {
    workers.shutdown();
    redisCalls.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    var n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
