package dev.incidentbot.bot.incident;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every post, then hands it to the real adapter (the console). */
final class RecordingOutbox implements Outbox {
  record Post(Place place, Reply reply) {}

  private final Outbox adapter;
  private final List<Post> posts = new CopyOnWriteArrayList<>();

  RecordingOutbox(Outbox adapter) {
    this.adapter = adapter;
  }

  @Override
  public Place place(Channel channel) {
    return adapter.place(channel);
  }

  @Override
  public Posted post(Place place, Reply reply) {
    posts.add(new Post(place, reply));
    return adapter.post(place, reply);
  }

  @Override
  public Place startThread(Posted message, String name) {
    return adapter.startThread(message, name);
  }

  /** The replies posted at {@code place}, in order. */
  List<Reply> at(Place place) {
    return posts.stream().filter(p -> p.place().equals(place)).map(Post::reply).toList();
  }

  List<Post> all() {
    return List.copyOf(posts);
  }
}
