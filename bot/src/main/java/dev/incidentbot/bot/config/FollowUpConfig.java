package dev.incidentbot.bot.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code followUps:} as written in the YAML file; every key may be left out. Validated into {@link
 * dev.incidentbot.followup.FollowUpSettings}.
 *
 * <pre>
 * followUps:
 *   afterAction: [1m, 5m, 15m, 30m]  # checks after every recovery action
 *   incidentWatch: 5m                # how often an open incident's targets are checked
 *   minInterval: 1m                  # the shortest every: /followup schedule accepts
 *   allClear: false                  # routine checks post "all clear" too
 *   saveAgeWarn: 24h                 # routine: changes waiting longer than this for a save
 *   slowlogGrowthWarn: 100           # routine: new slowlog entries between two checks
 *   routine:                         # Quartz cron per target, in UTC
 *     main: "0 0 8 * * ?"            # daily at 08:00
 * </pre>
 */
public record FollowUpConfig(
    List<Duration> afterAction,
    Duration incidentWatch,
    Duration minInterval,
    Boolean allClear,
    Duration saveAgeWarn,
    Long slowlogGrowthWarn,
    Map<String, String> routine) {}
