/**
 * Numbers as people read and type them, the same way in every reply: {@link
 * dev.incidentbot.format.Counts} ("23,000 keys"), {@link dev.incidentbot.format.Bytes} ("1.5 MiB")
 * and {@link dev.incidentbot.format.Durations} ("2s", "5m", parsed from what people type too). Pure
 * functions on values: the lowest package, depending on nothing of the bot.
 */
package dev.incidentbot.format;
