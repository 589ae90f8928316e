package dev.incidentbot.bot.discord.fake;

import java.util.concurrent.atomic.AtomicLong;

/** Discord-style ids: milliseconds since 2015 in the high bits, so they carry the current time. */
final class Snowflakes {
  private static final long DISCORD_EPOCH = 1420070400000L;
  private final AtomicLong last = new AtomicLong();

  String next() {
    long now = (System.currentTimeMillis() - DISCORD_EPOCH) << 22;
    return Long.toUnsignedString(last.updateAndGet(prev -> Math.max(prev + 1, now)));
  }
}
