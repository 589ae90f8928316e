/**
 * The bot's HTTP port (JDK {@code com.sun.net.httpserver}, loopback by default): the Alertmanager
 * webhook ({@code POST /alerts/alertmanager}, payload version 4, bearer token, 1 MiB limit), {@code
 * GET /healthz} and {@code GET /metrics}. Handlers run on the server's own small pool and never
 * wait for chat or Redis: a webhook is parsed, checked for retries and queued, then answered 202
 * while alert intake works on it.
 */
package dev.incidentbot.bot.http;
