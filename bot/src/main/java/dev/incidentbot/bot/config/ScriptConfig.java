package dev.incidentbot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry under {@code scripts:} as written in the YAML file: a runbook script people can run
 * with {@code /runbook run} after confirmation. See config.example.yml.
 *
 * @param name what people type ({@code script:restart-worker})
 * @param description one line shown in the plan
 * @param command absolute path of the executable, then fixed arguments; {@code {param}} inserts a
 *     parameter's chosen value
 * @param params allowed values of each parameter
 * @param timeout how long it may run before it is killed (default 60s, at most 30m)
 * @param workdir absolute path of an existing directory to run in
 * @param target the configured Redis target it concerns, if any
 * @param risk low, medium (default) or high
 */
public record ScriptConfig(
    @JsonProperty(required = true) String name,
    String description,
    List<String> command,
    Map<String, List<String>> params,
    Duration timeout,
    String workdir,
    String target,
    String risk) {}
