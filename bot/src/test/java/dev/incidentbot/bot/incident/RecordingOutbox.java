package dev.incidentbot.bot.incident;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every post, then hands it to the real adapter (the console). */
final class RecordingOutbox implements Outbox {
  record Post(Place place, Reply reply) {}

  private final Outbox adapter;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private volatile Consumer<Post> onPost = post -> {};

  RecordingOutbox(Outbox adapter) {
    this.adapter = adapter;
  }

  @Override
  public Place place(Channel channel) {
    return adapter.place(channel);
  }

  @Override
  public Posted post(Place place, Reply reply) {
    var post = new Post(place, reply);
    onPost.accept(post);
    posts.add(post);
    return adapter.post(place, reply);
  }

  @Override
  public Place startThread(Posted message, String name) {
    return adapter.startThread(message, name);
  }

  /** Runs {@code check} on every post as it is made, before it is delivered. */
  void onPost(Consumer<Post> check) {
    this.onPost = check;
  }

  /** The replies posted at {@code place}, in order. */
  List<Reply> at(Place place) {
    return posts.stream().filter(p -> p.place().equals(place)).map(Post::reply).toList();
  }

  List<Post> all() {
    return List.copyOf(posts);
  }
}
