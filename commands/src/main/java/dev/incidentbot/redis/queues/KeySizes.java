package dev.incidentbot.redis.queues;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Sizes of keys whatever their type: one pipeline of TYPE, then one of the size command that type
 * needs. A missing key has size 0; a key of a type without a size command has size -1.
 */
final class KeySizes {
  /** A key's real type and size. */
  record Sized(String key, String type, long size) {}

  private KeySizes() {}

  static List<Sized> of(Jedis jedis, List<String> keys) {
    Connection c = jedis.getConnection();
    for (String key : keys) {
      c.sendCommand(Protocol.Command.TYPE, key);
    }
    List<Object> types = c.getMany(keys.size());
    int sent = 0;
    var typeNames = new ArrayList<String>();
    for (int i = 0; i < keys.size(); i++) {
      String type = types.get(i) instanceof byte[] b ? SafeEncoder.encode(b) : "none";
      typeNames.add(type);
      Protocol.Command size = sizeCommand(type);
      if (size != null) {
        c.sendCommand(size, keys.get(i));
        sent++;
      }
    }
    List<Object> sizes = c.getMany(sent);
    var out = new ArrayList<Sized>();
    int next = 0;
    for (int i = 0; i < keys.size(); i++) {
      String type = typeNames.get(i);
      long size = type.equals("none") ? 0 : -1;
      if (sizeCommand(type) != null && sizes.get(next++) instanceof Long l) {
        size = l;
      }
      out.add(new Sized(keys.get(i), type, size));
    }
    return out;
  }

  private static Protocol.Command sizeCommand(String type) {
    return switch (type) {
      case "list" -> Protocol.Command.LLEN;
      case "zset" -> Protocol.Command.ZCARD;
      case "set" -> Protocol.Command.SCARD;
      case "hash" -> Protocol.Command.HLEN;
      case "stream" -> Protocol.Command.XLEN;
      default -> null;
    };
  }
}
