package dev.incidentbot.review;

import dev.incidentbot.chart.ChartData;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.format.Counts;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentLookup;
import dev.incidentbot.sample.Sample;

/**
 * {@code /incident chart [incident:]}: the incident's targets over its course as one PNG (memory,
 * latency, ops/s, queues; alerts, actions and updates marked), from the samples the bot took.
 */
public final class ChartCommand implements Command {
  private final IncidentLookup lookup;
  private final IncidentCharts charts;

  public ChartCommand(IncidentLookup lookup, IncidentCharts charts) {
    this.lookup = lookup;
    this.charts = charts;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident chart",
        "the incident's memory, latency, ops/s and queues as a picture",
        Roles.VIEWER,
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.require(request);
    ChartData data = charts.data(incident);
    Attachment png = charts.render(incident, data);
    long answered = data.samples().stream().filter(Sample::answered).count();
    String text =
        data.samples().isEmpty()
            ? "No samples of "
                + String.join(", ", incident.targets())
                + " in this time: only the alerts, actions and updates are drawn."
            : Counts.of(data.samples().size(), "sample", "samples")
                + " of "
                + String.join(", ", incident.targets())
                + (answered < data.samples().size()
                    ? " (" + (data.samples().size() - answered) + " without an answer)"
                    : "")
                + ", times in UTC.";
    return Reply.builder(incident.id() + " chart").text(text).attach(png).build();
  }
}
