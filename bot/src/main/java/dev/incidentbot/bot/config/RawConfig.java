package dev.incidentbot.bot.config;

import java.util.List;

/** The YAML file's top level, as written; {@link ConfigLoader} validates it into a BotConfig. */
record RawConfig(
    List<TargetConfig> targets,
    ConsoleConfig console,
    StoreConfig store,
    IncidentsConfig incidents,
    DiscordConfig discord,
    FollowUpConfig followUps,
    RecoveryConfig recovery,
    List<ScriptConfig> scripts,
    AlertsConfig alerts,
    HttpConfig http,
    SamplesConfig samples) {}
