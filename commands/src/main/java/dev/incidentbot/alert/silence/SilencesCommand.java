package dev.incidentbot.alert.silence;

import dev.incidentbot.alert.AlertGroup;
import dev.incidentbot.alert.AlertGroupStore;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /alert silences [group:]}: the active silences that touch the bot's alert groups — those
 * the bot created and those others made whose matchers match a group's labels — with who made them,
 * until when, and which alerts they silence now. In an alert thread, or with {@code group:}, only
 * that group's. Read-only; blocks for at most the Alertmanagers' timeout per call.
 */
public final class SilencesCommand implements Command {
  private final SilenceGroups groups;
  private final AlertGroupStore groupStore;
  private final Alertmanagers alertmanagers;
  private final SilenceStore store;
  private final Clock clock;

  /**
   * One listed silence, merged over the Alertmanagers that hold it.
   *
   * @param silence as the first Alertmanager holding it has it
   * @param botId the bot's id when the bot created it, else null
   * @param alertmanagers where it is active
   * @param groups the names of the bot's groups it matches
   * @param silencedNow the alerts it suppresses now
   */
  public record Listed(
      ActiveSilence silence,
      String botId,
      List<String> alertmanagers,
      List<String> groups,
      List<LiveAlert> silencedNow) {}

  public SilencesCommand(
      SilenceGroups groups,
      AlertGroupStore groupStore,
      Alertmanagers alertmanagers,
      SilenceStore store,
      Clock clock) {
    this.groups = groups;
    this.groupStore = groupStore;
    this.alertmanagers = alertmanagers;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        SilenceReplies.LIST,
        "active silences of the bot's alert groups, who made them and what they silence now",
        Roles.VIEWER,
        OptionSpec.text("group", "only this alert's thread", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    SilenceAction.requireConfigured(alertmanagers);
    Optional<String> only = only(request);
    var call = alertmanagers.silences();
    if (call.allFailed(alertmanagers.names().size())) {
      throw new UserFacingException(
          "Could not ask Alertmanager for its silences ("
              + SilenceReplies.failures(call.failures())
              + ").");
    }
    List<LiveAlert> alerts = alertmanagers.alerts(List.of()).value();
    var botByAmId = new HashMap<String, SilenceRecord>();
    for (SilenceRecord r : store.active(clock.instant().minusSeconds(1))) {
      r.ids().values().forEach(id -> botByAmId.put(id, r));
    }
    Map<String, Map<String, String>> labelled = store.allLabels();
    var merged = new LinkedHashMap<String, Builder>();
    for (ActiveSilence s : call.value()) {
      if (!s.active()) {
        continue;
      }
      SilenceRecord mine = botByAmId.get(s.id());
      var touched = new LinkedHashSet<String>();
      labelled.forEach(
          (key, labels) -> {
            if (!labels.isEmpty() && LabelMatcher.allMatch(s.matchers(), labels)) {
              touched.add(key);
            }
          });
      if (mine != null) {
        touched.add(mine.groupKey());
      }
      if (touched.isEmpty() || (only.isPresent() && !touched.contains(only.get()))) {
        continue;
      }
      String key = mine != null ? mine.id() : s.id();
      Builder b = merged.computeIfAbsent(key, k -> new Builder(s, mine, touched));
      b.alertmanagers.add(s.alertmanager());
      alerts.stream()
          .filter(a -> a.silencedBy().contains(s.id()))
          .forEach(a -> b.silencedNow.putIfAbsent(a.fingerprint(), a));
    }
    var listed = new ArrayList<Listed>();
    for (Builder b : merged.values()) {
      listed.add(
          new Listed(
              b.silence,
              b.mine == null ? null : b.mine.id(),
              List.copyOf(b.alertmanagers),
              b.groups.stream()
                  .map(k -> groupStore.find(k).map(AlertGroup::name).orElse(k))
                  .toList(),
              List.copyOf(b.silencedNow.values())));
    }
    return SilenceReplies.list(listed, call.failures());
  }

  private Optional<String> only(Request request) {
    if (request.option("group").isPresent()) {
      return Optional.of(groups.requireGroup(request).key());
    }
    String thread = request.place().threadId();
    return thread == null ? Optional.empty() : store.groupByThread(thread);
  }

  private static final class Builder {
    final ActiveSilence silence;
    final SilenceRecord mine;
    final LinkedHashSet<String> groups;
    final LinkedHashSet<String> alertmanagers = new LinkedHashSet<>();
    final Map<String, LiveAlert> silencedNow = new LinkedHashMap<>();

    Builder(ActiveSilence silence, SilenceRecord mine, LinkedHashSet<String> groups) {
      this.silence = silence;
      this.mine = mine;
      this.groups = groups;
    }
  }
}
