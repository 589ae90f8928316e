package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.config.DiscordSettings;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Router;
import dev.incidentbot.chat.UserRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns slash commands, button presses and submitted forms (modals) into {@link Request}s for the
 * {@link Router}, and target options into autocomplete suggestions. A submitted form runs its
 * command as the member who submitted it, with the form's fixed options and their answers, so the
 * router checks their role exactly as for a typed command ({@link DiscordForms}).
 *
 * <p>Its methods are called on JDA's event thread and must not block: they read the event, then
 * hand the work to the worker pool and schedule the deferral with {@link InteractionResponder}.
 * Only autocomplete answers on the event thread, from the in-memory list of target names.
 *
 * <p>Each interaction is answered once however many gateway sessions of the bot receive it: the
 * worker first claims its id in the bot's database, and an interaction another instance claimed is
 * left to that instance (no acknowledgement, no answer).
 */
final class InteractionListener extends ListenerAdapter {
  private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);

  static final String EXPIRED = "This button has expired; run the command again.";

  static final String FORM_EXPIRED = "This form has expired; run the command again.";

  private final Router router;
  private final ComponentStore components;
  private final Supplier<List<String>> targetNames;
  private final DiscordSettings settings;
  private final Clock clock;
  private final InFlight workers;
  private final ScheduledExecutorService deadlines;
  private final ReplyLayout layout;
  private final DiscordMessages messages;
  private final DiscordForms forms;
  private final Supplier<Outbox> outbox;
  private final Duration hookLifetime;
  private final Predicate<String> firstToClaim;

  /**
   * @param outbox where answers go once an interaction's token may have expired
   * @param hookLifetime how long an interaction's token is used ({@link
   *     InteractionResponder#HOOK_LIFETIME}; shorter in tests)
   * @param firstToClaim claims an interaction by id for this bot instance, on a worker: false when
   *     another instance's gateway session took it first, and this one leaves it alone
   */
  InteractionListener(
      Router router,
      ComponentStore components,
      Supplier<List<String>> targetNames,
      DiscordSettings settings,
      Clock clock,
      InFlight workers,
      ScheduledExecutorService deadlines,
      Supplier<Outbox> outbox,
      Duration hookLifetime,
      Predicate<String> firstToClaim) {
    this.router = router;
    this.components = components;
    this.targetNames = targetNames;
    this.settings = settings;
    this.clock = clock;
    this.workers = workers;
    this.deadlines = deadlines;
    this.layout = new ReplyLayout(settings.onCallRoleId());
    this.messages = new DiscordMessages(components);
    this.forms = new DiscordForms(components);
    this.outbox = outbox;
    this.hookLifetime = hookLifetime;
    this.firstToClaim = firstToClaim;
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    String name =
        event.getSubcommandName() == null
            ? event.getName()
            : event.getName() + " " + event.getSubcommandName();
    var options = new LinkedHashMap<String, String>();
    for (OptionMapping option : event.getOptions()) {
      options.put(option.getName(), value(option));
    }
    Actor actor = actor(event.getMember(), event.getUser());
    Request request = new Request(name, options, actor, place(event.getChannel()), clock.instant());
    respond(event, "/" + name + " for " + actor.name(), p -> router.dispatch(request, p));
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    String customId = event.getComponentId();
    Actor actor = actor(event.getMember(), event.getUser());
    Place place = place(event.getChannel());
    respond(
        event,
        "button " + customId + " for " + actor.name(),
        progress -> {
          Optional<Action> action =
              customId.startsWith(DiscordMessages.BUTTON_PREFIX)
                  ? components.find(customId.substring(DiscordMessages.BUTTON_PREFIX.length()))
                  : Optional.empty();
          if (action.isEmpty()) {
            return Reply.error(EXPIRED);
          }
          var request =
              new Request(
                  action.get().command(), action.get().options(), actor, place, clock.instant());
          return router.dispatch(request, progress);
        });
  }

  /**
   * A submitted form: its answers (read here, in memory) become the options of the form's command,
   * looked up and run on a worker as the member who submitted it.
   */
  @Override
  public void onModalInteraction(ModalInteractionEvent event) {
    String modalId = event.getModalId();
    Map<String, String> answers = DiscordForms.answers(event.getValues());
    Actor actor = actor(event.getMember(), event.getUser());
    Place place = place(event.getChannel());
    respond(
        event,
        "form " + modalId + " for " + actor.name(),
        progress -> {
          Optional<Action> submission = forms.submission(modalId);
          if (submission.isEmpty()) {
            return Reply.error(FORM_EXPIRED);
          }
          var request =
              new Request(
                  submission.get().command(),
                  DiscordForms.options(submission.get(), answers),
                  actor,
                  place,
                  clock.instant());
          return router.dispatch(request, progress);
        });
  }

  /** Suggests configured target names for options that complete targets; in memory, no I/O. */
  @Override
  public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
    String name =
        event.getSubcommandName() == null
            ? event.getName()
            : event.getName() + " " + event.getSubcommandName();
    String option = event.getFocusedOption().getName();
    Optional<OptionSpec> spec =
        router
            .spec(name)
            .flatMap(s -> s.options().stream().filter(o -> o.name().equals(option)).findFirst());
    List<String> known =
        spec.map(o -> o.completesTargets() ? targetNames.get() : o.choices()).orElse(List.of());
    var choices = new ArrayList<String>();
    String typed = event.getFocusedOption().getValue().toLowerCase(Locale.ROOT);
    for (String candidate : known) {
      if (candidate.toLowerCase(Locale.ROOT).contains(typed)
          && candidate.length() <= DiscordLimits.AUTOCOMPLETE_VALUE
          && choices.size() < DiscordLimits.AUTOCOMPLETE_CHOICES) {
        choices.add(candidate);
      }
    }
    event
        .replyChoiceStrings(choices)
        .queue(ok -> {}, e -> log.warn("could not suggest targets for /{}", name, e));
  }

  /**
   * Runs {@code work} on a worker and answers with its reply, deferring in time when it is slow.
   */
  private void respond(
      IReplyCallback event, String what, Function<InteractionResponder, Reply> work) {
    Place where = event.getChannel() instanceof MessageChannel channel ? place(channel) : null;
    var responder =
        new InteractionResponder(event, layout, messages, forms, what, outbox, where, hookLifetime);
    if (event.getGuild() == null || !event.getGuild().getId().equals(settings.guildId())) {
      responder.finish(Reply.error("This bot answers only in its own server."));
      return;
    }
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            responder::deadline,
            InteractionResponder.DEFER_AFTER.toMillis(),
            TimeUnit.MILLISECONDS);
    ScheduledFuture<?> handOver =
        deadlines.schedule(responder::handOver, hookLifetime.toMillis(), TimeUnit.MILLISECONDS);
    try {
      workers.run(
          what,
          () -> {
            if (!claimed(event, what)) {
              deadline.cancel(false);
              handOver.cancel(false);
              return;
            }
            Reply reply;
            try {
              reply = work.apply(responder);
            } catch (RuntimeException e) {
              log.error("{} failed", what, e);
              reply =
                  Reply.error("Sorry, that failed unexpectedly. The bot's log has the details.");
            }
            finish(responder, reply, what);
            deadline.cancel(false);
            handOver.cancel(false);
          });
    } catch (RejectedExecutionException e) {
      deadline.cancel(false);
      handOver.cancel(false);
      responder.finish(Reply.error("The bot is shutting down; try again in a minute."));
    }
  }

  /** Whether this instance answers {@code event}: not when another instance claimed it first. */
  private boolean claimed(IReplyCallback event, String what) {
    if (firstToClaim.test(event.getId())) {
      return true;
    }
    log.info("{}: another bot instance answers it (interaction {})", what, event.getId());
    return false;
  }

  /**
   * Sends the reply; when it cannot be laid out or sent (a limit JDA enforces, a bug in a
   * renderer), the user still gets an answer saying so instead of "The application did not
   * respond". The defer deadline stays armed until then, so a slow failure is still acknowledged.
   */
  private static void finish(InteractionResponder responder, Reply reply, String what) {
    try {
      responder.finish(reply);
    } catch (RuntimeException e) {
      String errorId = java.util.UUID.randomUUID().toString().substring(0, 8);
      log.error("could not send the reply to {} (error id {})", what, errorId, e);
      responder.finish(
          Reply.error(
              "Sorry, the answer could not be shown (error id "
                  + errorId
                  + "). The bot's log has it in full."));
    }
  }

  private Actor actor(Member member, User user) {
    if (member == null) {
      return Actor.person(user.getId(), user.getName(), java.util.Set.of());
    }
    var roles = new ArrayList<Map.Entry<String, String>>();
    Role everyone = member.getGuild().getPublicRole();
    roles.add(Map.entry(everyone.getId(), "@everyone"));
    for (Role role : member.getRoles()) {
      roles.add(Map.entry(role.getId(), role.getName()));
    }
    return Actor.person(member.getId(), member.getEffectiveName(), settings.botRoles(roles));
  }

  /** An option's value as the router reads it; a member as {@code name|id} ({@link UserRef}). */
  private static String value(OptionMapping option) {
    if (option.getType() != OptionType.USER) {
      return option.getAsString();
    }
    Member member = option.getAsMember();
    User user = option.getAsUser();
    return new UserRef(user.getId(), member != null ? member.getEffectiveName() : user.getName())
        .format();
  }

  static Place place(MessageChannel channel) {
    if (channel instanceof ThreadChannel thread) {
      return new Place(thread.getParentChannel().getId(), thread.getId());
    }
    return Place.channel(channel.getId());
  }
}
