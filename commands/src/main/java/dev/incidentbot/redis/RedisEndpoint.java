package dev.incidentbot.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a Redis node listens and how to log in, parsed from a {@code redis://} or {@code rediss://}
 * URL. {@link #toString()} never shows the password.
 */
public record RedisEndpoint(
    String host, int port, String user, String password, boolean tls, int database) {

  public static final int DEFAULT_PORT = 6379;

  /**
   * Parses {@code redis://[user[:password]@]host[:port][/db]}.
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static RedisEndpoint parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("is empty; expected redis://host:port");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException(
          "must start with redis:// or rediss://, not '" + (scheme == null ? "" : scheme) + "'");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("has no host; expected redis://host:port");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    if (port > 65535) {
      throw new IllegalArgumentException("has port " + port + ", above 65535");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        user = decode(userInfo);
      } else {
        user = colon == 0 ? null : decode(userInfo.substring(0, colon));
        password = decode(userInfo.substring(colon + 1));
      }
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "has path '" + path + "'; only a database number may follow the port");
      }
    }
    return new RedisEndpoint(
        uri.getHost(), port, user, password, "rediss".equals(scheme), database);
  }

  /** The host and port, as people write them: {@code 10.0.0.5:6379}. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  public RedisEndpoint withAddress(String newHost, int newPort) {
    return new RedisEndpoint(newHost, newPort, user, password, tls, database);
  }

  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://")
        + (user != null ? user + (password != null ? ":***" : "") + "@" : "")
        + (user == null && password != null ? ":***@" : "")
        + address()
        + (database != 0 ? "/" + database : "");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
