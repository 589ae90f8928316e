package dev.incidentbot.alert.silence;

import dev.incidentbot.alert.AlertGroupActions;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.chat.Button;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertGroupActions} for silences and acknowledgements: remembers each firing notification's
 * shared labels (writing only when they changed since this instance last wrote them), offers
 * Silence / Unsilence / Ack (only Ack when no Alertmanager is configured), and tells who took a
 * group.
 */
public final class SilenceGroupActions implements AlertGroupActions {
  /** Groups whose labels this instance stored last, so a storm of repeats writes nothing. */
  private static final int REMEMBERED = 10_000;

  private final SilenceStore store;
  private final Alertmanagers alertmanagers;
  private final java.util.Map<String, java.util.Map<String, String>> stored =
      new java.util.concurrent.ConcurrentHashMap<>();

  public SilenceGroupActions(SilenceStore store, Alertmanagers alertmanagers) {
    this.store = store;
    this.alertmanagers = alertmanagers;
  }

  @Override
  public void seen(AlertNotification n) {
    if (n.status() != AlertStatus.FIRING
        || n.commonLabels().isEmpty()
        || n.commonLabels().equals(stored.get(n.groupKey()))) {
      return;
    }
    store.rememberLabels(n.groupKey(), n.commonLabels());
    if (stored.size() >= REMEMBERED) {
      stored.clear();
    }
    stored.put(n.groupKey(), n.commonLabels());
  }

  @Override
  public List<Button> buttons(String groupRef) {
    List<Button> all = SilenceReplies.alertButtons(groupRef);
    return alertmanagers.names().isEmpty() ? all.subList(all.size() - 1, all.size()) : all;
  }

  @Override
  public Optional<String> takenBy(String groupKey) {
    return store.ack(groupKey).map(SilenceStore.Ack::byName);
  }
}
