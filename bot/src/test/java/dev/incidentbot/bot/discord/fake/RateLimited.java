package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A 429 the fake Discord served: the call, the bucket it counted against, and what the answer said.
 *
 * @param at when it was served
 * @param method the HTTP method
 * @param path the path after {@code /api/v10/}
 * @param bucket the bucket's X-RateLimit-Bucket hash, or "global"
 * @param retryAfter the answer's {@code retry_after}
 * @param global whether the global limit was exceeded, not the route's
 * @param headers the answer's rate-limit headers and {@code Retry-After}
 * @param body the answer's JSON body
 */
public record RateLimited(
    Instant at,
    String method,
    String path,
    String bucket,
    Duration retryAfter,
    boolean global,
    Map<String, String> headers,
    JsonNode body) {

  public RateLimited {
    headers = Map.copyOf(headers);
  }
}
