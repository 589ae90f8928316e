package dev.incidentbot.bot.fault;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.testing.RedisServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a fault test of the bot in Discord starts for each test and stops after it: a real
 * redis-server (its target) and a {@link FakeDiscord} (the Discord the bot process connects to).
 * Register it on an instance field: {@code @RegisterExtension final RedisAndDiscord bed = new
 * RedisAndDiscord();}.
 */
final class RedisAndDiscord implements BeforeEachCallback, AfterEachCallback {
  private RedisServer redis;
  private FakeDiscord fake;

  @Override
  public void beforeEach(ExtensionContext context) {
    redis = RedisServer.start();
    fake = FakeDiscord.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    fake.close();
    redis.close();
  }

  RedisServer redis() {
    return redis;
  }

  FakeDiscord fake() {
    return fake;
  }
}
