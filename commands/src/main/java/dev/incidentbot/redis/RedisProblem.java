package dev.incidentbot.redis;

import dev.incidentbot.chat.Ellipsis;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A failure talking to Redis, as a sentence a person can act on. Built from the exception so that
 * no stack trace or raw driver message ever reaches chat.
 *
 * @param kind what went wrong
 * @param message one sentence naming the target, what happened and what it means
 */
public record RedisProblem(Kind kind, String message) {

  /** The failures people need to tell apart during an incident. */
  public enum Kind {
    REFUSED,
    DROPPED,
    CONNECT_TIMEOUT,
    UNKNOWN_HOST,
    TIMEOUT,
    AUTH,
    LOADING,
    MISCONF,
    OOM,
    BUSY,
    /** Nothing is answered, but the event loop runs: commands are held by CLIENT PAUSE. */
    PAUSED,
    /** The server refuses new connections: maxclients reached. */
    MAXCLIENTS,
    READONLY,
    NOT_REDIS,
    OTHER;

    /** Whether clients cannot reach the server at all (decision tree scenario A). */
    public boolean unreachable() {
      return this == REFUSED
          || this == DROPPED
          || this == CONNECT_TIMEOUT
          || this == UNKNOWN_HOST
          || this == AUTH
          || this == NOT_REDIS;
    }
  }

  /** Classifies {@code e}, thrown while talking to {@code target}. */
  public static RedisProblem of(Target target, Throwable e) {
    // Long on purpose: a decision table, one branch per Redis error or socket failure with its
    // sentence; split, the table would scatter.
    String who = target.describe();
    String wait = target.timeoutText();
    String serverMessage = serverMessage(e);
    String upper = serverMessage.toUpperCase(Locale.ROOT);
    if (upper.startsWith("NOAUTH") || upper.startsWith("WRONGPASS") || upper.contains("NOPERM")) {
      String reason =
          upper.startsWith("NOAUTH")
              ? "requires a password the bot was not given"
              : upper.startsWith("WRONGPASS")
                  ? "rejected the bot's user name or password"
                  : "denied the bot's user a command it needs";
      return new RedisProblem(
          Kind.AUTH,
          "Redis answers at "
              + who
              + ", but the bot cannot log in: the server "
              + reason
              + ". Check user:password in the target's url.");
    }
    if (upper.startsWith("LOADING")) {
      return new RedisProblem(
          Kind.LOADING,
          who + " is loading its dataset into memory and refuses commands until it has finished.");
    }
    if (upper.startsWith("MISCONF")) {
      return new RedisProblem(
          Kind.MISCONF,
          who
              + " cannot save to disk (MISCONF): its last background save failed, so it refuses writes.");
    }
    if (upper.startsWith("OOM")) {
      return new RedisProblem(
          Kind.OOM,
          who + " is out of memory: writes fail with OOM because used memory is above maxmemory.");
    }
    if (upper.startsWith("BUSY")) {
      boolean function = upper.contains("FUNCTION KILL");
      return new RedisProblem(
          Kind.BUSY,
          who
              + " is busy running a "
              + (function ? "function" : "script")
              + " that has run past busy-reply-threshold, and answers nothing else (BUSY) until it"
              + " ends or is killed.");
    }
    if (upper.contains("MAX NUMBER OF CLIENTS REACHED")) {
      return new RedisProblem(
          Kind.MAXCLIENTS,
          who
              + " refuses new connections: max number of clients reached (maxclients), so new"
              + " application connections fail too.");
    }
    if (upper.startsWith("READONLY")) {
      return new RedisProblem(
          Kind.READONLY, who + " is a read-only replica: writes must go to the master.");
    }
    if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
      return new RedisProblem(
          Kind.REFUSED,
          who
              + " refused the connection: nothing is listening there (Redis is down or the port is"
              + " wrong).");
    }
    if (upper.startsWith("UNEXPECTED END OF STREAM")
        || find(e, java.io.EOFException.class) != null
        || (find(e, java.net.SocketException.class) != null
            && find(e, SocketTimeoutException.class) == null)) {
      return new RedisProblem(
          Kind.DROPPED,
          who
              + " closed the connection without answering: the server crashed, is restarting, or"
              + " a proxy or firewall cut the connection.");
    }
    if (find(e, UnknownHostException.class) != null) {
      return new RedisProblem(
          Kind.UNKNOWN_HOST,
          who + ": the host name does not resolve. Check the host in the target's url.");
    }
    SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
    if (timeout != null) {
      String text = String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT);
      if (text.contains("connect")) {
        return new RedisProblem(
            Kind.CONNECT_TIMEOUT,
            "could not connect to "
                + who
                + " within "
                + wait
                + ": the host is down or a firewall drops the connection.");
      }
      return timeout(target);
    }
    if (e instanceof java.util.concurrent.TimeoutException) {
      return timeout(target);
    }
    if (upper.startsWith("UNKNOWN REPLY:")) {
      String first = serverMessage.substring("Unknown reply:".length()).strip();
      return new RedisProblem(
          Kind.NOT_REDIS,
          "something that is not Redis answers at "
              + target.endpoint().address()
              + " (it replied '"
              + shorten(first)
              + "…'"
              + (first.startsWith("H") ? ", perhaps HTTP" : "")
              + "): check the host and port in "
              + target.name()
              + "'s url.");
    }
    String detail = serverMessage.isBlank() ? e.getClass().getSimpleName() : serverMessage;
    return new RedisProblem(Kind.OTHER, who + " answered with an error: " + shorten(detail));
  }

  /** The bot gave up waiting for {@code target}, whatever the driver was doing. */
  public static RedisProblem timeout(Target target) {
    return new RedisProblem(
        Kind.TIMEOUT,
        "no answer from "
            + target.describe()
            + " within "
            + target.timeoutText()
            + ": the server is blocked or overloaded (a slow command, CLIENT PAUSE, or a busy host).");
  }

  /**
   * The bot got no answer from {@code target}, but a command its event loop answers at once (an
   * unknown one) was answered: the server runs, and holds commands because of CLIENT PAUSE.
   */
  public static RedisProblem paused(Target target) {
    return new RedisProblem(
        Kind.PAUSED,
        target.describe()
            + " holds every command: a CLIENT PAUSE (ALL) is in effect. The server runs (it"
            + " answered an unknown command at once) but executes nothing within "
            + target.timeoutText()
            + ".");
  }

  private static String serverMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JedisException && t.getMessage() != null) {
        return t.getMessage().strip();
      }
    }
    return "";
  }

  /** The first {@code type} among {@code e}, its causes and their suppressed exceptions. */
  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    var seen = new java.util.HashSet<Throwable>();
    var todo = new java.util.ArrayDeque<Throwable>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(java.util.List.of(t.getSuppressed()));
    }
    return null;
  }

  private static String shorten(String s) {
    String line = s.lines().findFirst().orElse("");
    return Ellipsis.cut(line, 200);
  }
}
