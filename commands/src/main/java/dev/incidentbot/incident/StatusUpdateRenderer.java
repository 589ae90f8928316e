package dev.incidentbot.incident;

import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.template.ReplyTemplate;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders stakeholder updates from the {@code status-update} reply template (built in, or the
 * operators' override) with live data: affected services from the targets' configuration, durations
 * from the incident's start, and what changed since the previous update. The chat message and its
 * plain-text form both come from the one rendered reply ({@link StatusUpdateMessage}).
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class StatusUpdateRenderer {
  /** The template's name: {@code templates/status-update.reply}. */
  public static final String TEMPLATE = "status-update";

  /** The text template older versions read, refused in the operators' directory. */
  static final String RETIRED = "status-update.mustache";

  private final ReplyTemplate template;
  private final Targets targets;
  private final IncidentSettings settings;

  /**
   * Loads and checks the template.
   *
   * @throws TemplateException naming the file and line when the template is unusable, or naming an
   *     operator's {@code status-update.mustache}, which is no longer read
   */
  public StatusUpdateRenderer(Templates templates, Targets targets, IncidentSettings settings) {
    templates.refuseRetired(
        RETIRED,
        "the status update is now the reply template status-update.reply. Write yours there"
            + " (title: is the subject; each 'Name: value' line becomes an 'inline field: Name'"
            + " and each 'Name:' block a 'field: Name', with the value indented by two spaces;"
            + " see templates/README.md), then delete this file");
    this.template = templates.loadReply(TEMPLATE, StatusUpdateModel.sample(), Set.of());
    this.targets = targets;
    this.settings = settings;
    if (template.render(StatusUpdateModel.sample(), Map.of()).title().isBlank()) {
      throw new TemplateException(
          template.file(), 0, "the title: (the update's subject) renders empty");
    }
  }

  /**
   * Renders {@code update} of {@code incident}.
   *
   * @param incident the incident before this update: its last update is the one compared against
   * @param now the time durations are measured to while it is not resolved
   */
  public StatusUpdateMessage render(Incident incident, StatusUpdate update, Instant now) {
    Instant nextUpdateBy = update.at().plus(settings.reminderInterval(incident.severity()));
    var model =
        StatusUpdateModel.of(
            incident, update, services(incident), settings.systemFor(incident), now, nextUpdateBy);
    return new StatusUpdateMessage(template.render(model, Map.of()));
  }

  /** The colour of an update: green once resolved, red for P0, amber otherwise. */
  public static Severity colour(IncidentSeverity severity, IncidentStatus status) {
    if (status == IncidentStatus.RESOLVED) {
      return Severity.OK;
    }
    return severity == IncidentSeverity.P0 ? Severity.CRITICAL : Severity.WARN;
  }

  /** The services of the incident's targets; a target without configured services is named. */
  public List<String> services(Incident incident) {
    var services = new LinkedHashSet<String>();
    for (String name : incident.targets()) {
      Target target =
          targets.all().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
      if (target == null || target.services().isEmpty()) {
        services.add("Redis " + name);
      } else {
        services.addAll(target.services());
      }
    }
    return List.copyOf(services);
  }
}
