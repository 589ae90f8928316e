package dev.incidentbot.bot.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code samples:} as written in the YAML file; every key may be left out. Validated into {@link
 * dev.incidentbot.sample.SampleSettings}.
 *
 * <pre>
 * samples:
 *   every: 15s            # cadence while an incident is open
 *   afterAction: 30m      # keep sampling a target this long after a recovery action on it
 *   retention: 30d        # samples older than this are deleted
 *   queues:               # waiting jobs counted in each sample (LLEN/ZCARD, never SCAN)
 *     main: [bull:emails, rq:default]
 * </pre>
 */
public record SamplesConfig(
    Duration every, Duration afterAction, Duration retention, Map<String, List<String>> queues) {}
