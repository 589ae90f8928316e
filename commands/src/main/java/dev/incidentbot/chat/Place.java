package dev.incidentbot.chat;

import java.util.Objects;

/**
 * Where a request was made and where its replies go.
 *
 * @param channelId the channel (or "console")
 * @param threadId the thread inside that channel, or null when not in a thread
 */
public record Place(String channelId, String threadId) {

  public static final Place CONSOLE = new Place("console", null);

  public Place {
    Objects.requireNonNull(channelId, "channelId");
  }

  public static Place channel(String channelId) {
    return new Place(channelId, null);
  }

  public Place inThread(String threadId) {
    return new Place(channelId, threadId);
  }

  /** The id replies are posted to: the thread when there is one, else the channel. */
  public String postTo() {
    return threadId != null ? threadId : channelId;
  }
}
