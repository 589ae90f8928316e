package dev.incidentbot.bot.alertmanager;

import dev.incidentbot.alert.AlertGroupActions;
import dev.incidentbot.alert.silence.AckCommand;
import dev.incidentbot.alert.silence.Alertmanagers;
import dev.incidentbot.alert.silence.ExpireSilenceAction;
import dev.incidentbot.alert.silence.ExtendSilenceAction;
import dev.incidentbot.alert.silence.LetEndCommand;
import dev.incidentbot.alert.silence.ResolvedIncidentSilences;
import dev.incidentbot.alert.silence.SilenceAction;
import dev.incidentbot.alert.silence.SilenceCommand;
import dev.incidentbot.alert.silence.SilenceEndingHandler;
import dev.incidentbot.alert.silence.SilenceGroupActions;
import dev.incidentbot.alert.silence.SilenceGroups;
import dev.incidentbot.alert.silence.SilenceReminders;
import dev.incidentbot.alert.silence.SilencesCommand;
import dev.incidentbot.bot.config.AlertsSection;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcAlertGroupStore;
import dev.incidentbot.bot.store.JdbcSilenceStore;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.incident.IncidentLookup;
import dev.incidentbot.recovery.PlanCommand;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.Scheduler;
import dev.incidentbot.timeline.Timeline;
import java.time.Clock;
import java.util.List;

/**
 * Builds silencing and acknowledging from alert threads for the bot's wiring: the Alertmanager
 * client from {@code alerts.alertmanagers}, the three confirmed actions (silence, unsilence,
 * extend), the list, Ack and "Let it end" commands, the warning job before a silence ends, the
 * buttons alert intake puts under alerts, and the list of silences after {@code /incident resolve}.
 * Built once; everything it returns is thread-safe.
 */
public final class Silencing {
  private final Alertmanagers alertmanagers;
  private final JdbcSilenceStore store;
  private final SilenceGroups groups;
  private final SilenceReminders reminders;
  private final Outbox outbox;
  private final Timeline timeline;
  private final Clock clock;
  private final List<RecoveryAction> actions;
  private final Database database;

  public Silencing(
      AlertsSection alerts,
      Database database,
      Scheduler scheduler,
      Outbox outbox,
      Timeline timeline,
      Clock clock) {
    this.alertmanagers =
        alerts.alertmanagers().isEmpty()
            ? Alertmanagers.NONE
            : new HttpAlertmanagers(alerts.alertmanagers());
    this.database = database;
    this.store = new JdbcSilenceStore(database);
    this.groups = new SilenceGroups(new JdbcAlertGroupStore(database), store);
    this.reminders = new SilenceReminders(scheduler, alerts.silenceWarning(), clock);
    this.outbox = outbox;
    this.timeline = timeline;
    this.clock = clock;
    this.actions =
        List.of(
            new SilenceAction(groups, alertmanagers, store, reminders, outbox, clock),
            new ExpireSilenceAction(groups, alertmanagers, store, reminders, clock),
            new ExtendSilenceAction(groups, alertmanagers, store, reminders, clock));
  }

  /** The confirmed actions, for the executor. */
  public List<RecoveryAction> actions() {
    return actions;
  }

  /** {@code plans} as people reach it: "alert silence" opens a form without {@code for:}. */
  public Command command(PlanCommand plans) {
    return plans.spec().name().equals(SilenceAction.NAME)
        ? new SilenceCommand(plans, groups)
        : plans;
  }

  /** The list, Ack and "Let it end" commands. */
  public List<Command> commands() {
    return List.of(
        new SilencesCommand(groups, new JdbcAlertGroupStore(database), alertmanagers, store, clock),
        new AckCommand(groups, store, outbox, timeline, clock),
        new LetEndCommand(store, timeline, clock));
  }

  /** Runs the warnings before silences end. */
  public JobHandler endingHandler() {
    return new SilenceEndingHandler(store, alertmanagers, outbox, clock);
  }

  /** The buttons and labels alert intake uses. */
  public AlertGroupActions groupActions() {
    return new SilenceGroupActions(store, alertmanagers);
  }

  /** {@code resolve}, followed by the incident's active silences with a button to expire them. */
  public Command afterResolve(Command resolve, IncidentLookup lookup) {
    return new ResolvedIncidentSilences(resolve, lookup, store, outbox, clock);
  }
}
