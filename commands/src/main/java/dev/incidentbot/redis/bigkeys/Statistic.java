package dev.incidentbot.redis.bigkeys;

/** What "big" means for a scan. */
public enum Statistic {
  /** Elements (bytes for strings): STRLEN, LLEN, HLEN, SCARD, ZCARD, XLEN. */
  COUNT,
  /** MEMORY USAGE with the server's default sampling of nested values. */
  MEMORY;

  /** The unit of a size, for a key of {@code type}. */
  String unit(String type) {
    if (this == MEMORY || type.equals("string")) {
      return "bytes";
    }
    return switch (type) {
      case "hash" -> "fields";
      case "set", "zset" -> "members";
      case "stream" -> "entries";
      default -> "items";
    };
  }
}
