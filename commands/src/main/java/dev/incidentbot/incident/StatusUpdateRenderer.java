package dev.incidentbot.incident;

import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.template.Template;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Renders stakeholder updates from the {@code status-update} template (built in, or the operators'
 * override) with live data: affected services from the targets' configuration, durations from the
 * incident's start, and what changed since the previous update.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class StatusUpdateRenderer {
  /** The template's name: {@code templates/status-update.mustache}. */
  public static final String TEMPLATE = "status-update";

  private final Template template;
  private final Targets targets;
  private final IncidentSettings settings;

  /**
   * Loads and checks the template.
   *
   * @throws TemplateException naming the file and line when the template is unusable
   */
  public StatusUpdateRenderer(Templates templates, Targets targets, IncidentSettings settings) {
    this.template = templates.load(TEMPLATE, StatusUpdateModel.sample());
    this.targets = targets;
    this.settings = settings;
    try {
      StatusUpdateMessage.parse(template.render(StatusUpdateModel.sample()));
    } catch (IllegalArgumentException e) {
      throw new TemplateException(template.file(), 1, e.getMessage());
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
    return StatusUpdateMessage.parse(template.render(model));
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
