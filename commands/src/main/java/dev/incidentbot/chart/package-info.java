/**
 * Incident charts: {@link dev.incidentbot.chart.IncidentChart} renders samples ({@code sample}) as
 * one PNG with aligned panels (memory %, PING latency p50/p99, ops/s, queue depth; a panel only
 * when its data exists), a shared UTC time axis, the memory thresholds drawn as lines and vertical
 * markers for alerts, actions and status updates. Rendered headless with JFreeChart; no chat
 * platform, no storage.
 *
 * <p>Depends on {@code sample} only; the review and the commands that post charts build {@link
 * dev.incidentbot.chart.ChartData} from an incident.
 */
package dev.incidentbot.chart;
