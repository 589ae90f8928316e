package dev.incidentbot.alert.silence;

import dev.incidentbot.alert.AlertGroup;
import dev.incidentbot.alert.AlertGroupStore;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserFacingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the alert group a request means: {@code group:} as a thread (its id, a {@code <#id>}
 * mention or its name, "RedisDown orders") or a group key, else the thread the request was made in.
 * Reads the bot's database only, so a command that shows a form can call it and still answer
 * quickly. Thread-safe.
 */
public final class SilenceGroups {
  private final AlertGroupStore groups;
  private final SilenceStore store;

  public SilenceGroups(AlertGroupStore groups, SilenceStore store) {
    this.groups = groups;
    this.store = store;
  }

  /**
   * A group with the labels its alerts share.
   *
   * @param group the group as the bot keeps it
   * @param labels what every alert of its latest firing notification had in common
   */
  public record Found(AlertGroup group, Map<String, String> labels) {
    /** What buttons and plans carry: the thread's id when there is one, else the key. */
    public String ref() {
      return group.thread() != null && group.thread().threadId() != null
          ? group.thread().threadId()
          : group.key();
    }

    /** The Redis target a silence of it is recorded under, or null. */
    public String target() {
      return group.targets().isEmpty() ? null : group.targets().get(0);
    }
  }

  /** The group {@code request} means, with its labels, or an error saying how to name one. */
  public Found require(Request request) {
    AlertGroup group = requireGroup(request);
    String key = group.key();
    Map<String, String> labels =
        store
            .labels(key)
            .orElseThrow(
                () ->
                    new UserFacingException(
                        "The bot has no labels for alert group "
                            + group.name()
                            + " yet (no firing notification seen), so it cannot say what to"
                            + " silence."));
    return new Found(group, labels);
  }

  /**
   * The group {@code request} means ({@link #require}) and the bot's silences of it active at
   * {@code now}, in the store's order; the list may be empty.
   */
  public BotSilences botSilences(Request request, Instant now) {
    Found found = require(request);
    return new BotSilences(found.group(), store.activeForGroup(found.group().key(), now));
  }

  /**
   * The bot's active silences of one group.
   *
   * @param group the group
   * @param active its silences the bot made that are active, possibly none
   */
  public record BotSilences(AlertGroup group, List<SilenceRecord> active) {
    public BotSilences {
      active = List.copyOf(active);
    }
  }

  /** The group {@code request} means, or an error saying how to name one. */
  public AlertGroup requireGroup(Request request) {
    Optional<String> given = request.option("group");
    String key;
    if (given.isPresent()) {
      key = keyOf(given.get()).orElseThrow(() -> unknown(given.get()));
    } else {
      String thread = request.place().threadId();
      key =
          (thread == null ? Optional.<String>empty() : store.groupByThread(thread))
              .orElseThrow(
                  () ->
                      new UserFacingException(
                          "/"
                              + request.command()
                              + " needs an alert group: run it in the alert's thread, or give"
                              + " group:<thread id>."));
    }
    return groups.find(key).orElseThrow(() -> unknown(key));
  }

  /** The group with {@code key} and its labels (empty when none were seen). */
  public Found byKey(String key) {
    AlertGroup group = groups.find(key).orElseThrow(() -> unknown(key));
    return new Found(group, store.labels(key).orElse(Map.of()));
  }

  /** The group key {@code ref} names, if the bot knows it. */
  public Optional<String> keyOf(String ref) {
    String id = ref.strip();
    if (id.startsWith("<#") && id.endsWith(">")) {
      id = id.substring(2, id.length() - 1);
    }
    Optional<String> byThread = store.groupByThread(id);
    if (byThread.isPresent()) {
      return byThread;
    }
    Optional<String> byKey = groups.find(id).map(AlertGroup::key);
    return byKey.isPresent() ? byKey : store.groupByName(id);
  }

  private static UserFacingException unknown(String ref) {
    return new UserFacingException(
        "There is no alert group '"
            + ref
            + "'; give the alert's thread (its id, #mention or name) or run the command in it.");
  }
}
