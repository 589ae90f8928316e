package dev.incidentbot.bot.relay;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.Objects;

/**
 * What a standby asks the leader to do with its chat adapter: one {@link Outbox} call.
 *
 * @param op which call
 * @param place where to post ({@link Op#POST})
 * @param reply what to post, or what the message becomes ({@link Op#POST}, {@link Op#EDIT})
 * @param message the message to edit or start a thread on ({@link Op#EDIT}, {@link Op#THREAD})
 * @param name the thread's name ({@link Op#THREAD})
 * @param key the post's idempotency key as the job gave it, or a fresh one ({@link Op#POST}): the
 *     Discord nonce, the same as had the job posted itself
 */
record RelayRequest(
    Op op, Place place, Reply reply, Outbox.Posted message, String name, String key) {

  /** The {@link Outbox} call a request stands for. */
  enum Op {
    POST,
    EDIT,
    THREAD
  }

  RelayRequest {
    Objects.requireNonNull(op, "op");
  }

  static RelayRequest post(Place place, Reply reply, String key) {
    return new RelayRequest(Op.POST, place, reply, null, null, key);
  }

  static RelayRequest edit(Outbox.Posted message, Reply reply) {
    return new RelayRequest(Op.EDIT, null, reply, message, null, null);
  }

  static RelayRequest thread(Outbox.Posted message, String name) {
    return new RelayRequest(Op.THREAD, null, null, message, name, null);
  }
}
