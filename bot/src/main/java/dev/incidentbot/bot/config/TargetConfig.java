package dev.incidentbot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.incidentbot.redis.Thresholds;
import java.time.Duration;
import java.util.List;

/** One entry under {@code targets:} as written in the YAML file; see config.example.yml. */
public record TargetConfig(
    @JsonProperty(required = true) String name,
    String mode,
    String url,
    String master,
    List<String> nodes,
    List<String> services,
    Duration timeout,
    Thresholds.Overrides thresholds,
    List<String> protect,
    List<String> allowPurge,
    List<String> bullmqPrefixes,
    String sentinelPassword) {}
