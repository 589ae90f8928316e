package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one interaction (a slash command, a button press or a submitted form) whose reply is
 * computed on a worker, so that Discord always gets its acknowledgement within 3 seconds:
 *
 * <ul>
 *   <li>work done within {@link #DEFER_AFTER}: the reply is the answer, ephemeral if it asks;
 *   <li>a reply that carries a {@link dev.incidentbot.chat.Form}, done in time, to an interaction
 *       that can open one (a slash command or a button, not a submitted form): the form opens as a
 *       modal, which is the whole answer. Discord shows a modal only as the first answer, so when
 *       the interaction had to be deferred the reply is shown instead, with a button that opens the
 *       form ({@link ReplyLayout});
 *   <li>otherwise {@link #deadline()} defers ("thinking…") and the reply replaces that answer when
 *       it is done; an ephemeral reply after a public deferral removes the public answer and is
 *       sent as a private follow-up instead;
 *   <li>{@link #update} shows progress by editing the answer, at most about once a second;
 *   <li>a reply laid out as several messages continues in follow-ups.
 * </ul>
 *
 * <p>Requests to Discord are sent one after the other, each once the previous one has completed
 * (chained on JDA's callbacks, never blocking a thread): Discord treats a follow-up that arrives
 * while the deferred answer is still "thinking…" as an edit of that answer and ignores its
 * ephemeral flag, so a follow-up racing the edit or removal of the answer could show a private
 * reply publicly or overwrite part 1 with part 2.
 *
 * <p>An interaction's token, which every edit and follow-up needs, lives 15 minutes; work may run
 * longer (a runbook script confirmed with a button). At {@link #HOOK_LIFETIME} ({@link #handOver})
 * the answer says that the rest follows in the channel, and from then on progress and the result
 * are posted as a plain channel message through the {@link Outbox}, edited in place. A private
 * result cannot be posted there: the channel gets a notice instead, and the log the reply.
 *
 * <p>Thread-safe: {@link #deadline()} runs on the scheduler, {@link #update} and {@link #finish} on
 * the worker. Messages are built (buttons stored) outside the lock; only the state change and the
 * non-blocking {@code submit()} calls happen under it, so the deadline is never held up by the
 * database. Failures to deliver are logged with the reply's text: nothing is lost silently.
 */
final class InteractionResponder implements Progress {
  private static final Logger log = LoggerFactory.getLogger(InteractionResponder.class);

  /** How long the work may take before the interaction is deferred. */
  static final Duration DEFER_AFTER = Duration.ofMillis(1500);

  /**
   * How long after the interaction the bot still answers through its token: Discord's 15 minutes
   * (receiving-and-responding, "Followup Messages") less a margin for the requests still queued.
   */
  static final Duration HOOK_LIFETIME = Duration.ofMinutes(14);

  static final Reply HANDED_OVER =
      Reply.builder("Still working…")
          .text(
              "This takes longer than Discord lets an answer be edited; progress and the result"
                  + " follow as a message in this channel.")
          .build();

  private static final long MIN_EDIT_INTERVAL_NANOS = Duration.ofMillis(1000).toNanos();

  private enum State {
    NEW,
    ANSWERED,
    DONE
  }

  private final IReplyCallback interaction;
  private final ReplyLayout layout;
  private final DiscordMessages messages;
  private final DiscordForms forms;
  private final String what;
  private final Supplier<Outbox> outbox;
  private final Place place;
  private final long startedNanos = System.nanoTime();
  private final Duration hookLifetime;
  private State state = State.NEW;
  private boolean answerEphemeral;
  private boolean handedOver;
  private Outbox.Posted channelMessage;
  private long lastEdit = System.nanoTime() - MIN_EDIT_INTERVAL_NANOS;

  /** The last request queued to Discord; the next one is sent when it completes. */
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  /**
   * @param what the request as it reads in logs ("/redis health for alice")
   * @param outbox posts in the channel once the token may have expired
   * @param place where the interaction happened, or null when unknown (then the token is used
   *     regardless)
   * @param hookLifetime how long the token is used: {@link #HOOK_LIFETIME}, shorter in tests
   */
  InteractionResponder(
      IReplyCallback interaction,
      ReplyLayout layout,
      DiscordMessages messages,
      DiscordForms forms,
      String what,
      Supplier<Outbox> outbox,
      Place place,
      Duration hookLifetime) {
    this.interaction = interaction;
    this.layout = layout;
    this.messages = messages;
    this.forms = forms;
    this.what = what;
    this.outbox = outbox;
    this.place = place;
    this.hookLifetime = hookLifetime;
  }

  /** Defers the answer if nothing has been sent yet. Runs on the scheduler; never blocks. */
  synchronized void deadline() {
    if (state != State.NEW) {
      return;
    }
    state = State.ANSWERED;
    answerEphemeral = false;
    then(
        () -> interaction.deferReply(false),
        e -> log.error("could not defer the answer to {}", what, e));
  }

  /**
   * Runs at {@link #HOOK_LIFETIME} unless done: the answer says the rest follows in the channel,
   * and {@link #update} and {@link #finish} post there from now on. Runs on the scheduler.
   */
  void handOver() {
    MessageEditData note = messages.edit(messages.create(layout.layout(HANDED_OVER).get(0)));
    synchronized (this) {
      if (state == State.DONE || handedOver || place == null) {
        return;
      }
      handedOver = true;
      if (state == State.ANSWERED) {
        then(
            () -> interaction.getHook().editOriginal(note),
            e -> log.warn("could not say that {} continues in the channel", what, e));
      }
    }
  }

  /** The token can no longer be relied on: answer in the channel instead. */
  private synchronized boolean inChannel() {
    return place != null
        && (handedOver || System.nanoTime() - startedNanos >= hookLifetime.toNanos());
  }

  /** Shows an interim state by editing the answer; drops updates faster than one a second. */
  @Override
  public void update(Reply interim) {
    synchronized (this) {
      if (state == State.DONE || System.nanoTime() - lastEdit < MIN_EDIT_INTERVAL_NANOS) {
        return;
      }
    }
    if (inChannel()) {
      synchronized (this) {
        lastEdit = System.nanoTime();
      }
      if (!interim.ephemeral()) {
        toChannel(interim, "progress");
      }
      return;
    }
    MessageCreateData create = messages.create(layout.layout(interim).get(0));
    MessageEditData edit = messages.edit(create);
    synchronized (this) {
      if (state == State.DONE || handedOver) {
        return; // handed over meanwhile: the next update goes to the channel
      }
      lastEdit = System.nanoTime();
      if (state == State.NEW) {
        state = State.ANSWERED;
        answerEphemeral = interim.ephemeral();
        then(
            () -> interaction.reply(create).setEphemeral(answerEphemeral),
            e -> undelivered("progress", interim, e));
      } else {
        then(
            () -> interaction.getHook().editOriginal(edit),
            e -> log.warn("could not show progress of {}", what, e));
      }
    }
  }

  /** Sends the final reply. Called once, on the worker, when the work is done. */
  void finish(Reply reply) {
    if (openForm(reply)) {
      return;
    }
    if (inChannel()) {
      synchronized (this) {
        state = State.DONE;
      }
      finishInChannel(reply);
      return;
    }
    List<MessagePart> parts = layout.layout(reply);
    List<MessageCreateData> creates = parts.stream().map(messages::create).toList();
    MessageEditData firstEdit = messages.edit(creates.get(0));
    synchronized (this) {
      State before = state;
      state = State.DONE;
      InteractionHook hook = interaction.getHook();
      int next = 1;
      if (before == State.NEW) {
        then(
            () -> interaction.reply(creates.get(0)).setEphemeral(reply.ephemeral()),
            e -> undelivered("reply", reply, e));
      } else if (reply.ephemeral() && !answerEphemeral) {
        then(hook::deleteOriginal, e -> log.warn("could not remove {}", what, e));
        next = 0;
      } else {
        then(() -> hook.editOriginal(firstEdit), e -> undelivered("reply", reply, e));
      }
      for (int i = next; i < creates.size(); i++) {
        int n = i + 1;
        MessageCreateData part = creates.get(i);
        then(
            () -> hook.sendMessage(part).setEphemeral(reply.ephemeral()),
            e -> undelivered("part " + n + " of the reply", reply, e));
      }
    }
  }

  /**
   * Queues {@code request} to be sent once every request queued before it has completed, whether it
   * succeeded or not; never blocks. Called under the lock, so the order is the order of calls.
   */
  private synchronized void then(
      Supplier<? extends RestAction<?>> request, Consumer<Throwable> failed) {
    tail =
        tail.handle((ok, e) -> null)
            .thenCompose(ignored -> request.get().submit())
            .whenComplete(
                (ok, e) -> {
                  if (e != null) {
                    failed.accept(e instanceof CompletionException c ? c.getCause() : e);
                  }
                });
  }

  /**
   * The result once the token may have expired: in the channel, replacing the progress message
   * posted there if any. A private result is not posted; the channel is told it could not be
   * delivered, and the log has it.
   */
  private void finishInChannel(Reply reply) {
    if (!reply.ephemeral()) {
      toChannel(reply, "reply");
      return;
    }
    undelivered("private reply (the interaction token expired)", reply, null);
    toChannel(
        Reply.builder("A private answer could not be delivered")
            .text(
                "Discord lets a bot answer privately for 15 minutes only; the answer came later."
                    + " Run the command again, or find the answer in the bot's log.")
            .build(),
        "notice");
  }

  /** Posts {@code reply} in the channel, or edits the message posted there before. Blocks. */
  private void toChannel(Reply reply, String which) {
    Outbox.Posted posted;
    synchronized (this) {
      posted = channelMessage;
    }
    try {
      if (posted != null && outbox.get().edit(posted, reply)) {
        return;
      }
      Outbox.Posted fresh = outbox.get().post(place, reply);
      synchronized (this) {
        channelMessage = fresh;
      }
    } catch (RuntimeException e) {
      undelivered(which + " in the channel", reply, e);
    }
  }

  /**
   * Opens the reply's form as a modal when nothing has been sent yet and the interaction can open
   * one; returns whether it did.
   */
  private boolean openForm(Reply reply) {
    if (reply.form() == null || !(interaction instanceof IModalCallback modalCallback)) {
      return false;
    }
    synchronized (this) {
      if (state != State.NEW) {
        return false;
      }
    }
    Modal modal = forms.modal(reply.form());
    synchronized (this) {
      if (state != State.NEW) {
        return false; // deferred while the form was being stored: show the fallback
      }
      state = State.DONE;
      then(
          () -> modalCallback.replyModal(modal),
          e -> undelivered("form " + modal.getId(), reply, e));
      return true;
    }
  }

  private void undelivered(String which, Reply reply, Throwable e) {
    log.error(
        "could not deliver the {} to {}; it said: {} | {}",
        which,
        what,
        reply.title(),
        ReplyLayout.markdown(reply).replace('\n', ' '),
        e);
  }
}
