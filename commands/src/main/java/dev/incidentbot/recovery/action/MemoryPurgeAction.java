package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Bytes;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import redis.clients.jedis.Jedis;

/**
 * {@code /redis memory-purge}: MEMORY PURGE asks the allocator (jemalloc) to return dirty pages to
 * the system, lowering RSS and fragmentation without touching data.
 */
public final class MemoryPurgeAction implements RecoveryAction {
  private final TargetConnector connector;

  public MemoryPurgeAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis memory-purge",
        "MEMORY PURGE: return freed allocator pages to the system, after confirmation",
        Roles.OPERATOR,
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      InfoSnapshot info = facts.info();
      return Plan.builder(spec().name(), target.name(), facts)
          .willRun("MEMORY PURGE")
          .matches(
              "used_memory_rss "
                  + Bytes.format(info.number("used_memory_rss", 0))
                  + ", fragmentation ratio "
                  + info.text("mem_fragmentation_ratio", "?")
                  + ", allocator "
                  + info.text("mem_allocator", "?"))
          .effect("RSS and fragmentation drop if the allocator holds free pages; data is untouched")
          .risk(Risk.LOW, "no data changes; the call itself is short")
          .build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    try (Jedis jedis = connector.openPrimary(target)) {
      InfoSnapshot before;
      try {
        before = TargetFacts.read(jedis).info();
        jedis.memoryPurge();
      } catch (RuntimeException e) {
        throw new UserFacingException(
            "MEMORY PURGE failed: " + RedisProblem.of(target, e).message(), e);
      }
      InfoSnapshot after = TargetFacts.read(jedis).info();
      long rssBefore = before.number("used_memory_rss", 0);
      long rssAfter = after.number("used_memory_rss", 0);
      return Outcome.success(
          String.format(
              Locale.ROOT,
              "MEMORY PURGE done on %s: RSS %s → %s",
              target.name(),
              Bytes.format(rssBefore),
              Bytes.format(rssAfter)),
          List.of(
              Outcome.change("used_memory_rss", Bytes.format(rssBefore), Bytes.format(rssAfter)),
              Outcome.change(
                  "mem_fragmentation_ratio",
                  before.text("mem_fragmentation_ratio", "?"),
                  after.text("mem_fragmentation_ratio", "?")),
              Outcome.change(
                  "used_memory",
                  Bytes.format(before.number("used_memory", 0)),
                  Bytes.format(after.number("used_memory", 0)))));
    }
  }
}
