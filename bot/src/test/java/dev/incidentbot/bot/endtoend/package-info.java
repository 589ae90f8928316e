/**
 * End-to-end tests that use the bot as people do, through both of its chat adapters: the console
 * ({@code press N}) and real JDA against the fake Discord (buttons). Each test is written once
 * against {@link dev.incidentbot.bot.endtoend.Chat} and runs in each adapter, on real standalone,
 * Sentinel and Cluster deployments, asserting numbers measured in Redis.
 */
package dev.incidentbot.bot.endtoend;
