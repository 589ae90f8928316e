package dev.incidentbot.alert.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Port: the configured Alertmanagers (an HA pair is several), through their API v2, or Grafana's
 * Alertmanager-compatible API. Every call carries the configured timeout; a call that fails on one
 * Alertmanager names it in {@link Call#failures()} and never throws for it. Thread-safe.
 */
public interface Alertmanagers {

  /** No Alertmanager configured: every call fails with the same sentence. */
  Alertmanagers NONE = new Unconfigured();

  /** The configured names ("alertmanager-0"), in configuration order; empty when none. */
  List<String> names();

  /** The alerts matching {@code filter} (all alerts when empty), merged over every answer. */
  Call<List<LiveAlert>> alerts(List<LabelMatcher> filter);

  /** Every silence each Alertmanager holds, of any state. */
  Call<List<ActiveSilence>> silences();

  /**
   * Creates the silence on every Alertmanager, or updates it where {@code existing} has its id
   * there ({@code POST /api/v2/silences}). The value maps each Alertmanager that confirmed it to
   * the id it answered.
   */
  Call<Map<String, String>> create(NewSilence silence, Map<String, String> existing);

  /**
   * Expires the silences with these ids ({@code DELETE /api/v2/silence/{id}}), by Alertmanager
   * name. The value lists those that confirmed; a silence already expired there counts as expired.
   */
  Call<List<String>> expire(Map<String, String> ids);

  /**
   * What a silence to create says.
   *
   * @param matchers its matchers
   * @param startsAt when it starts (now)
   * @param endsAt when it ends
   * @param createdBy who asked for it ("bob via incident bot")
   * @param comment why
   */
  record NewSilence(
      List<LabelMatcher> matchers,
      Instant startsAt,
      Instant endsAt,
      String createdBy,
      String comment) {
    public NewSilence {
      matchers = List.copyOf(matchers);
      Objects.requireNonNull(startsAt, "startsAt");
      Objects.requireNonNull(endsAt, "endsAt");
      Objects.requireNonNull(createdBy, "createdBy");
      comment = comment == null ? "" : comment;
    }
  }

  /**
   * The answer of one call over every Alertmanager.
   *
   * @param value what the Alertmanagers that answered said
   * @param failures for each Alertmanager that did not answer or refused: one sentence why
   */
  record Call<T>(T value, Map<String, String> failures) {
    public Call {
      failures = Map.copyOf(failures);
    }

    /** Whether every Alertmanager failed (or none is configured). */
    public boolean allFailed(int configured) {
      return configured == 0 || failures.size() >= configured;
    }
  }

  /** The port with nothing configured. */
  final class Unconfigured implements Alertmanagers {
    private Unconfigured() {}

    @Override
    public List<String> names() {
      return List.of();
    }

    @Override
    public Call<List<LiveAlert>> alerts(List<LabelMatcher> filter) {
      return new Call<>(List.of(), Map.of());
    }

    @Override
    public Call<List<ActiveSilence>> silences() {
      return new Call<>(List.of(), Map.of());
    }

    @Override
    public Call<Map<String, String>> create(NewSilence silence, Map<String, String> existing) {
      return new Call<>(Map.of(), Map.of());
    }

    @Override
    public Call<List<String>> expire(Map<String, String> ids) {
      return new Call<>(List.of(), Map.of());
    }
  }
}
