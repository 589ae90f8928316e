package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.modals.Modal;
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
 * <p>Thread-safe: {@link #deadline()} runs on the scheduler, {@link #update} and {@link #finish} on
 * the worker. Messages are built (buttons stored) outside the lock; only the state change and the
 * non-blocking {@code queue()} calls happen under it, so the deadline is never held up by the
 * database. Failures to deliver are logged with the reply's text: nothing is lost silently.
 */
final class InteractionResponder implements Progress {
  private static final Logger log = LoggerFactory.getLogger(InteractionResponder.class);

  /** How long the work may take before the interaction is deferred. */
  static final Duration DEFER_AFTER = Duration.ofMillis(1500);

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
  private State state = State.NEW;
  private boolean answerEphemeral;
  private long lastEdit = System.nanoTime() - MIN_EDIT_INTERVAL_NANOS;

  /**
   * @param what the request as it reads in logs ("/redis health for alice")
   */
  InteractionResponder(
      IReplyCallback interaction,
      ReplyLayout layout,
      DiscordMessages messages,
      DiscordForms forms,
      String what) {
    this.interaction = interaction;
    this.layout = layout;
    this.messages = messages;
    this.forms = forms;
    this.what = what;
  }

  /** Defers the answer if nothing has been sent yet. Runs on the scheduler; never blocks. */
  synchronized void deadline() {
    if (state != State.NEW) {
      return;
    }
    state = State.ANSWERED;
    answerEphemeral = false;
    interaction
        .deferReply(false)
        .queue(ok -> {}, e -> log.error("could not defer the answer to {}", what, e));
  }

  /** Shows an interim state by editing the answer; drops updates faster than one a second. */
  @Override
  public void update(Reply interim) {
    synchronized (this) {
      if (state == State.DONE || System.nanoTime() - lastEdit < MIN_EDIT_INTERVAL_NANOS) {
        return;
      }
    }
    MessageCreateData create = messages.create(layout.layout(interim).get(0));
    MessageEditData edit = messages.edit(create);
    synchronized (this) {
      if (state == State.DONE) {
        return;
      }
      lastEdit = System.nanoTime();
      if (state == State.NEW) {
        state = State.ANSWERED;
        answerEphemeral = interim.ephemeral();
        interaction
            .reply(create)
            .setEphemeral(answerEphemeral)
            .queue(ok -> {}, e -> undelivered("progress", interim, e));
      } else {
        interaction
            .getHook()
            .editOriginal(edit)
            .queue(ok -> {}, e -> log.warn("could not show progress of {}", what, e));
      }
    }
  }

  /** Sends the final reply. Called once, on the worker, when the work is done. */
  void finish(Reply reply) {
    if (openForm(reply)) {
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
        interaction
            .reply(creates.get(0))
            .setEphemeral(reply.ephemeral())
            .queue(ok -> {}, e -> undelivered("reply", reply, e));
      } else if (reply.ephemeral() && !answerEphemeral) {
        hook.deleteOriginal().queue(ok -> {}, e -> log.warn("could not remove {}", what, e));
        next = 0;
      } else {
        hook.editOriginal(firstEdit).queue(ok -> {}, e -> undelivered("reply", reply, e));
      }
      for (int i = next; i < creates.size(); i++) {
        int n = i + 1;
        hook.sendMessage(creates.get(i))
            .setEphemeral(reply.ephemeral())
            .queue(ok -> {}, e -> undelivered("part " + n + " of the reply", reply, e));
      }
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
      modalCallback
          .replyModal(modal)
          .queue(ok -> {}, e -> undelivered("form " + modal.getId(), reply, e));
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
