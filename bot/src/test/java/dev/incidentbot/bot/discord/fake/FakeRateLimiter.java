package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.discord.fake.FakeRest.Answer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discord's rate limits for the fake ({@link RateLimits}): decides for each REST call whether it is
 * admitted, and what rate-limit headers its answer carries.
 *
 * <ul>
 *   <li>A bucket is a route's hash plus the call's top-level resource (channel; webhook id and
 *       token; interaction id and token; guild). Its window starts with the first call after it
 *       refilled; a call that finds it empty is answered 429 with {@code retry_after} (seconds) and
 *       {@code Retry-After} (whole seconds, rounded up, as Discord sends it) and changes nothing.
 *   <li>The global limit counts calls per second of every route but the interaction endpoints
 *       (callbacks and interaction webhooks), which Discord exempts from it.
 *   <li>A call that arrives for a bucket the client had been told was empty (an answer to it said
 *       {@code X-RateLimit-Remaining: 0}, or a 429 said when to retry) before that bucket's reset
 *       is a <em>violation</em>: the client ignored the headers. Clients are told apart by their
 *       User-Agent, so a test's raw calls can fill a bucket JDA knows nothing about. A margin of
 *       {@value #MARGIN_MS} ms covers the rounding of {@code Reset-After} to milliseconds. A client
 *       sends one call at a time per bucket (JDA does), so it has always read the last answer of a
 *       bucket before its next call; but it sends calls to many buckets at once, so a global 429
 *       only tells calls that arrive more than {@value #IN_FLIGHT_MS} ms after it: the ones before
 *       may have been on their way already.
 * </ul>
 *
 * <p>Buckets outlive {@link #forget()}, as Discord's do between tests; only the records go. Every
 * answer also carries {@code Via}, as Discord's (behind Google's front end) do: JDA takes a 429
 * without it for Cloudflare's. Thread-safe: every method holds this object's lock.
 */
final class FakeRateLimiter {
  static final long MARGIN_MS = 10;
  static final long IN_FLIGHT_MS = 250;
  private static final long IN_FLIGHT = Duration.ofMillis(IN_FLIGHT_MS).toNanos();
  private static final long MARGIN = Duration.ofMillis(MARGIN_MS).toNanos();
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  /** The decision on one call: its headers, and a 429 answer when it was not admitted. */
  record Decision(Map<String, String> headers, Answer refusal, String violation) {}

  private final RateLimits limits;
  private final String applicationId;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final List<RateLimited> served = new ArrayList<>();
  private final Map<RateLimited, String> awaitingRetry = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private long globalWindowEnd;
  private int globalCount;
  private final Map<String, long[]> globalTold = new HashMap<>(); // client → {at, until}

  FakeRateLimiter(RateLimits limits, String applicationId) {
    this.limits = limits;
    this.applicationId = applicationId;
  }

  /**
   * Decides on {@code method path} (the path after the API prefix, split, and its {@code shape} as
   * routed) from {@code client} (its User-Agent).
   */
  synchronized Decision admit(String method, String shape, String[] path, String client) {
    if (!limits.enabled()) {
      return new Decision(Map.of(), null, null);
    }
    long now = System.nanoTime();
    RateLimits.Route route = limits.routeFor(method + " " + shape);
    String key = route.bucket() + ":" + topLevel(path);
    String call = method + " " + String.join("/", path) + " from " + client;
    awaitingRetry.values().removeIf(key::equals); // whatever waited on this bucket came back
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(route));
    bucket.refillIfDue(now);
    String violation = null;
    long toldEmpty = bucket.toldEmptyUntil.getOrDefault(client, 0L);
    if (now < toldEmpty - MARGIN) {
      violation = ignored(call, route.bucket(), toldEmpty - now);
    }
    boolean globalRoute = limits.global() > 0 && !interaction(path);
    long[] toldGlobal = globalTold.getOrDefault(client, new long[] {0, 0});
    if (globalRoute
        && now > toldGlobal[0] + IN_FLIGHT
        && now < toldGlobal[1] - MARGIN
        && violation == null) {
      violation = ignored(call, "global", toldGlobal[1] - now);
    }
    if (globalRoute) {
      if (now >= globalWindowEnd) {
        globalWindowEnd = now + SECOND;
        globalCount = 0;
      }
      if (globalCount >= limits.global()) {
        if (now >= toldGlobal[1]) {
          globalTold.put(client, new long[] {now, globalWindowEnd});
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Via", "1.1 google");
        headers.put("X-RateLimit-Global", "true");
        headers.put("X-RateLimit-Scope", "global");
        return refuse(method, path, key, "global", globalWindowEnd - now, true, headers, violation);
      }
    }
    if (bucket.remaining == 0) {
      bucket.toldEmptyUntil.put(client, bucket.resetAt);
      Map<String, String> headers = bucket.headers(now);
      headers.put("X-RateLimit-Scope", "user");
      return refuse(
          method, path, key, route.bucket(), bucket.resetAt - now, false, headers, violation);
    }
    if (globalRoute) {
      globalCount++;
    }
    bucket.take(now, client);
    return new Decision(bucket.headers(now), null, violation);
  }

  /** Every 429 served since the last {@link #forget()}, oldest first. */
  synchronized List<RateLimited> served() {
    return List.copyOf(served);
  }

  /** The 429s whose bucket has seen no call since: retries the client still owes. */
  synchronized List<RateLimited> awaitingRetry() {
    return List.copyOf(awaitingRetry.keySet());
  }

  /** Calls that arrived for a bucket the client had been told was empty. */
  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** Forgets the records (not the buckets: Discord does not forget them between tests). */
  synchronized void forget() {
    served.clear();
    awaitingRetry.clear();
    violations.clear();
  }

  private Decision refuse(
      String method,
      String[] path,
      String key,
      String bucketName,
      long waitNanos,
      boolean global,
      Map<String, String> headers,
      String violation) {
    BigDecimal seconds = seconds(waitNanos);
    headers.put("Retry-After", seconds.setScale(0, RoundingMode.CEILING).toPlainString());
    ObjectNode body =
        Json.object()
            .put("message", "You are being rate limited.")
            .put("retry_after", seconds.doubleValue())
            .put("global", global);
    var record =
        new RateLimited(
            Instant.now(),
            method,
            String.join("/", path),
            bucketName,
            Duration.ofNanos(waitNanos),
            global,
            headers,
            body.deepCopy());
    served.add(record);
    awaitingRetry.put(record, key);
    return new Decision(headers, new Answer(429, body), violation);
  }

  private String ignored(String call, String bucketName, long early) {
    String problem =
        "rate limit ignored: "
            + call
            + " arrived "
            + Duration.ofNanos(early).toMillis()
            + " ms before bucket "
            + bucketName
            + " reset, after the client had been told it was empty";
    violations.add(problem);
    return problem;
  }

  /** Interaction endpoints: callbacks and the interaction's webhook (the application's own). */
  private boolean interaction(String[] path) {
    return path[0].equals("interactions")
        || (path[0].equals("webhooks") && path.length > 1 && path[1].equals(applicationId));
  }

  /** The top-level resource of a path: what Discord keeps a separate bucket for. */
  private static String topLevel(String[] p) {
    return switch (p[0]) {
      case "channels" -> p.length > 1 ? "channel=" + p[1] : "";
      case "webhooks", "interactions" -> p.length > 2 ? p[0] + "=" + p[1] + "/" + p[2] : "";
      case "applications" -> p.length > 3 && p[2].equals("guilds") ? "guild=" + p[3] : "";
      default -> "";
    };
  }

  /** Seconds, rounded up to the millisecond, so a client never learns a reset that is early. */
  private static BigDecimal seconds(long nanos) {
    return BigDecimal.valueOf(Math.max(0, nanos))
        .movePointLeft(9)
        .setScale(3, RoundingMode.CEILING);
  }

  /** One bucket's state; guarded by the limiter's lock. */
  private static final class Bucket {
    private final RateLimits.Route route;
    private int remaining;
    private long resetAt;
    private final Map<String, Long> toldEmptyUntil = new HashMap<>();

    Bucket(RateLimits.Route route) {
      this.route = route;
      this.remaining = route.limit();
    }

    void refillIfDue(long now) {
      if (remaining < route.limit() && now >= resetAt) {
        remaining = route.limit();
        toldEmptyUntil.clear();
      }
    }

    void take(long now, String client) {
      if (remaining == route.limit()) {
        resetAt = now + route.window().toNanos();
      }
      remaining--;
      if (remaining == 0) {
        toldEmptyUntil.put(client, resetAt);
      }
    }

    Map<String, String> headers(long now) {
      long wait = Math.max(0, resetAt - now);
      BigDecimal after = seconds(wait);
      BigDecimal at =
          BigDecimal.valueOf(System.currentTimeMillis())
              .movePointLeft(3)
              .add(after)
              .setScale(3, RoundingMode.CEILING);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Via", "1.1 google");
      headers.put("X-RateLimit-Limit", Integer.toString(route.limit()));
      headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
      headers.put("X-RateLimit-Reset", at.toPlainString());
      headers.put("X-RateLimit-Reset-After", after.toPlainString());
      headers.put("X-RateLimit-Bucket", route.bucket());
      return headers;
    }
  }
}
