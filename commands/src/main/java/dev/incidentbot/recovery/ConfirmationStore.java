package dev.incidentbot.recovery;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Port: pending plans in the bot's database. Every state change is one conditional update, so that
 * a plan is confirmed at most once even when two people press at the same moment, a press is
 * retried, or two bot instances share the database. Expiry is judged by the bot's clock, not the
 * database's. Implementations are thread-safe.
 */
public interface ConfirmationStore {

  /** Stores {@code plan} as pending until {@code ttl} from now and returns it. */
  Confirmation create(Plan plan, Actor requester, Place place, Duration ttl);

  /** The confirmation with {@code id}; a pending one past its expiry reads as expired. */
  Optional<Confirmation> find(String id);

  /**
   * Moves a pending, unexpired confirmation to confirmed, in one conditional update ({@code ...
   * WHERE state = 'pending' AND expires_at > now}). Exactly one caller gets true. The plan then
   * belongs to this bot instance, which runs it and records its outcome.
   */
  boolean consume(String id, Actor confirmer);

  /** Moves a pending confirmation to cancelled; false when it was not pending any more. */
  boolean cancel(String id, Actor canceller);

  /** Records the outcome of a confirmed plan and moves it to done. */
  void finish(String id, Outcome outcome);

  /**
   * Confirmed plans whose runner is gone: the bot instance that confirmed them stopped (crashed,
   * was killed) while they ran, so nobody will record their outcome. A plan running on a live
   * instance, this one or another, is never among them. Oldest first.
   */
  List<Confirmation> interrupted();

  /**
   * Takes over one of the {@link #interrupted} plans to report it, in one conditional update: true
   * for exactly one caller, false when another instance took it or its runner turned out alive.
   */
  boolean claimInterrupted(String id);

  /**
   * Records that a claimed plan was interrupted and moves it to done, neither succeeded nor failed
   * ({@link Confirmation#succeeded()} null): what it did is unknown beyond {@code headline}.
   */
  void finishInterrupted(String id, String headline);

  /**
   * Asks a running plan to stop on behalf of {@code by} (the first to ask is the one kept); false
   * when it is not running.
   */
  boolean requestStop(String id, Actor by);

  /** Who asked the running plan to stop; empty when nobody did. */
  Optional<String> stopRequestedBy(String id);

  /** The newest confirmations of any state, newest first, at most {@code limit}. */
  List<Confirmation> recent(int limit);
}
