package dev.incidentbot.alert.silence;

import dev.incidentbot.alert.AlertGroupActions;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.chat.Button;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertGroupActions} for silences and acknowledgements: remembers each firing notification's
 * shared labels, offers Silence / Unsilence / Ack (only Ack when no Alertmanager is configured),
 * and tells who took a group.
 */
public final class SilenceGroupActions implements AlertGroupActions {
  private final SilenceStore store;
  private final Alertmanagers alertmanagers;

  public SilenceGroupActions(SilenceStore store, Alertmanagers alertmanagers) {
    this.store = store;
    this.alertmanagers = alertmanagers;
  }

  @Override
  public void seen(AlertNotification n) {
    if (n.status() == AlertStatus.FIRING && !n.commonLabels().isEmpty()) {
      store.rememberLabels(n.groupKey(), n.commonLabels());
    }
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
