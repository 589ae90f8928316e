package dev.incidentbot.review;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentLookup;

/**
 * {@code /incident review [incident:]}: a draft post-incident review (Markdown, with the chart
 * beside it) posted in the incident's thread, for people to finish. Offered as a button when an
 * incident is resolved.
 */
public final class ReviewCommand implements Command {
  /** The command's name, for the button offered on resolve. */
  public static final String NAME = "incident review";

  private final IncidentLookup lookup;
  private final ReviewDraft drafts;
  private final Outbox outbox;

  public ReviewCommand(IncidentLookup lookup, ReviewDraft drafts, Outbox outbox) {
    this.lookup = lookup;
    this.drafts = drafts;
    this.outbox = outbox;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        NAME,
        "a draft post-incident review with the facts and the chart, as files",
        Roles.VIEWER,
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.require(request);
    ReviewDraft.Draft draft = drafts.draft(incident);
    var reply =
        Reply.builder(incident.id() + " review draft")
            .text(
                "The facts the bot recorded, the chart and sections left for people (root cause,"
                    + " what went well, follow-up items). Edit the Markdown and share it.");
    draft.files().forEach(reply::attach);
    Reply posted = reply.build();
    Place thread = incident.thread();
    if (thread == null || thread.equals(request.place())) {
      return posted;
    }
    outbox.post(thread, posted);
    return Reply.builder("")
        .text("Posted the " + incident.id() + " review draft in its thread.")
        .ephemeral(true)
        .build();
  }
}
