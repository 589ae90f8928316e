/**
 * Closing the alert loop from the alert thread: silences in Alertmanager (API v2) planned,
 * confirmed and audited like any recovery action ({@link
 * dev.incidentbot.alert.silence.SilenceAction}, {@link
 * dev.incidentbot.alert.silence.ExpireSilenceAction}, {@link
 * dev.incidentbot.alert.silence.ExtendSilenceAction}), the list of silences that touch the bot's
 * groups, the warning before a silence ends while its alerts still fire ({@link
 * dev.incidentbot.alert.silence.SilenceEndingHandler}), and acknowledging a group ({@link
 * dev.incidentbot.alert.silence.AckCommand}), which does not touch Alertmanager.
 *
 * <p>Nothing here knows HTTP or JSON: Alertmanager is the {@link
 * dev.incidentbot.alert.silence.Alertmanagers} port, the bot's own records the {@link
 * dev.incidentbot.alert.silence.SilenceStore} port. A silence is recorded only once an Alertmanager
 * confirmed it with its id.
 */
package dev.incidentbot.alert.silence;
