/**
 * The bot's HTTP port (embedded Jetty 12, loopback by default): the Alertmanager webhook ({@code
 * POST /alerts/alertmanager}, payload version 4, bearer token, 1 MiB limit), {@code GET /healthz}
 * and {@code GET /metrics}. Endpoints decide with {@link dev.incidentbot.bot.http.HttpAnswer}s and
 * never see the server; {@link dev.incidentbot.bot.http.BotHttpServer} carries them and bounds what
 * clients may take (time to send a request, connections, threads). Endpoints never wait for chat or
 * Redis: a webhook is parsed, checked for retries and queued, then answered 202 while alert intake
 * works on it. Every bot instance serves it, the standbys too: {@code /healthz} names the role
 * ({@code leader} or {@code standby}).
 */
package dev.incidentbot.bot.http;
