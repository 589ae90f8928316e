/**
 * The Alertmanager API v2 client behind {@link dev.incidentbot.alert.silence.Alertmanagers}: Java's
 * HttpClient and Jackson, every call bounded by the endpoint's timeout, several Alertmanagers (an
 * HA pair) asked in parallel, each failure named. Grafana's Alertmanager-compatible API is the same
 * with a path prefix.
 */
package dev.incidentbot.bot.alertmanager;
