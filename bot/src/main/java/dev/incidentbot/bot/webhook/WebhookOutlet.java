package dev.incidentbot.bot.webhook;

import dev.incidentbot.bot.config.StakeholderWebhook;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentStore;
import dev.incidentbot.incident.StakeholderOutlet;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.incident.StatusUpdateMessage;
import dev.incidentbot.timeline.TimelineEvent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every status update to the configured stakeholder webhooks, in the background. Each
 * delivery has the webhook's timeout; a failure (no answer, or a status other than 2xx) is logged
 * with the webhook's name and host (never its full URL, which may hold a token) and noted in the
 * incident's timeline. No retries: the next update carries the whole state again.
 *
 * <p>Thread-safe; {@link #publish} returns at once.
 */
public final class WebhookOutlet implements StakeholderOutlet {
  private static final Logger log = LoggerFactory.getLogger(WebhookOutlet.class);

  private final List<StakeholderWebhook> webhooks;
  private final IncidentStore store;
  private final Clock clock;
  private final HttpClient http;

  /** Deliveries run on the HTTP client's own threads, never on the command workers. */
  public WebhookOutlet(List<StakeholderWebhook> webhooks, IncidentStore store, Clock clock) {
    this.webhooks = List.copyOf(webhooks);
    this.store = store;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(
                webhooks.stream()
                    .map(StakeholderWebhook::timeout)
                    .max(java.util.Comparator.naturalOrder())
                    .orElse(StakeholderWebhook.DEFAULT_TIMEOUT))
            .build();
  }

  @Override
  public void publish(Incident incident, StatusUpdate update, StatusUpdateMessage message) {
    for (StakeholderWebhook hook : webhooks) {
      deliver(hook, incident, update, message);
    }
  }

  /** Sends one update to one webhook; the future completes when it was delivered or failed. */
  CompletableFuture<Void> deliver(
      StakeholderWebhook hook, Incident incident, StatusUpdate update, StatusUpdateMessage msg) {
    String body =
        switch (hook.format()) {
          case JSON -> WebhookBodies.generic(incident, update, msg);
          case SLACK -> WebhookBodies.slack(msg);
        };
    HttpRequest request =
        HttpRequest.newBuilder(hook.url())
            .timeout(hook.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "redis-incident-bot")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, error) -> {
              if (error != null) {
                failed(hook, incident, "no answer (" + error.getClass().getSimpleName() + ")");
              } else if (response.statusCode() / 100 != 2) {
                failed(hook, incident, "HTTP " + response.statusCode());
              } else {
                log.info("{}: update sent to webhook {}", incident.id(), hook.name());
              }
              return null;
            });
  }

  private void failed(StakeholderWebhook hook, Incident incident, String why) {
    log.warn(
        "{}: webhook {} ({}) did not take the update: {}",
        incident.id(),
        hook.name(),
        hook.safeAddress(),
        why);
    try {
      store.addEvent(
          incident.id(),
          new TimelineEvent(
              clock.instant(),
              TimelineEvent.Kind.NOTE,
              "webhook " + hook.name(),
              null,
              incident.thread(),
              "Stakeholder webhook " + hook.name() + " failed: " + why));
    } catch (RuntimeException e) {
      log.error("{}: could not note the webhook failure in the timeline", incident.id(), e);
    }
  }
}
