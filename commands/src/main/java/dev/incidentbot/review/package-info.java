/**
 * What an incident leaves behind for the people who review it: {@code /incident chart} (the
 * incident's samples as one PNG, {@link dev.incidentbot.review.IncidentCharts}) and {@code
 * /incident review} (a draft post-incident review rendered from the operators' {@code
 * review.mustache} template, with the facts the bot recorded and the chart, {@link
 * dev.incidentbot.review.ReviewDraft}).
 *
 * <p>Reads incidents and their timelines ({@code incident}), samples ({@code sample}), charts
 * ({@code chart}) and confirmed plans ({@code recovery}); writes nothing but the replies it
 * returns. Nothing depends on this package.
 */
package dev.incidentbot.review;
