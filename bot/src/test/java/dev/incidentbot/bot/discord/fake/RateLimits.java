package dev.incidentbot.bot.discord.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rate limits the fake Discord enforces: a bucket per route and top-level resource (a channel,
 * a webhook with its token, an interaction) and a global limit per second for everything but
 * interaction endpoints, as Discord documents them in
 * https://discord.com/developers/docs/topics/rate-limits. Discord publishes no per-route numbers
 * (they change, and clients must read the headers); {@link #discord()} holds the ones bots observe.
 *
 * @param global requests per second across every non-interaction route; 0 for no global limit
 * @param routes the routes with a bucket of their own, by their shape ({@code "POST
 *     channels/{@literal *}/messages"}); routes not listed share {@code fallback}'s numbers, each
 *     in a bucket of its own
 * @param fallback the limit of every route not listed
 * @param enabled false: no limits and no rate-limit headers at all
 */
public record RateLimits(int global, List<Route> routes, Route fallback, boolean enabled) {

  /**
   * One route's bucket.
   *
   * @param shape method and path with ids as asterisks, as {@link FakeRest} routes them
   * @param bucket the X-RateLimit-Bucket hash Discord would send for it
   * @param limit requests per window for one top-level resource
   * @param window how long until the bucket refills, from the first request that found it full
   */
  public record Route(String shape, String bucket, int limit, Duration window) {
    public Route {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(bucket, "bucket");
      if (limit < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("a route limit needs a positive limit and window");
      }
    }
  }

  public RateLimits {
    routes = List.copyOf(routes);
    Objects.requireNonNull(fallback, "fallback");
    if (global < 0) {
      throw new IllegalArgumentException("global must be 0 (none) or positive");
    }
  }

  /**
   * Discord's numbers as bots see them: 50 requests a second globally (interactions exempt); per
   * channel 5 new messages, 5 edits and 5 new threads per 5 s; per interaction webhook (follow-ups
   * and edits of interaction answers) 5 per 2 s; every other route 50 per second.
   */
  public static RateLimits discord() {
    Duration fiveSeconds = Duration.ofSeconds(5);
    Duration twoSeconds = Duration.ofSeconds(2);
    return new RateLimits(
        50,
        List.of(
            new Route("POST channels/*/messages", "msg-create", 5, fiveSeconds),
            new Route("PATCH channels/*/messages/*", "msg-edit", 5, fiveSeconds),
            new Route("POST channels/*/messages/*/threads", "thread-create", 5, fiveSeconds),
            new Route("POST webhooks/*/*", "webhook-exec", 5, twoSeconds),
            new Route("PATCH webhooks/*/*/messages/*", "webhook-edit", 5, twoSeconds),
            new Route("DELETE webhooks/*/*/messages/*", "webhook-delete", 5, twoSeconds)),
        new Route("*", "route", 50, Duration.ofSeconds(1)),
        true);
  }

  /** No limits and no rate-limit headers: the fake as it was before it had limits. */
  public static RateLimits none() {
    return new RateLimits(0, List.of(), new Route("*", "route", 1, Duration.ofSeconds(1)), false);
  }

  /** These limits with {@code shape}'s bucket replaced (or added): {@code limit} per window. */
  public RateLimits with(String shape, int limit, Duration window) {
    var changed = new ArrayList<Route>();
    String bucket = shape.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-");
    for (Route r : routes) {
      if (r.shape().equals(shape)) {
        bucket = r.bucket();
      } else {
        changed.add(r);
      }
    }
    changed.add(new Route(shape, bucket, limit, window));
    return new RateLimits(global, changed, fallback, enabled);
  }

  /** These limits with another global limit per second (0: none). */
  public RateLimits withGlobal(int perSecond) {
    return new RateLimits(perSecond, routes, fallback, enabled);
  }

  /** The bucket of {@code shape}: its own, or the fallback's numbers in a bucket of its own. */
  Route routeFor(String shape) {
    for (Route r : routes) {
      if (r.shape().equals(shape)) {
        return r;
      }
    }
    String hash = "route-" + Integer.toHexString(shape.hashCode());
    return new Route(shape, hash, fallback.limit(), fallback.window());
  }
}
