package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.Form;
import dev.incidentbot.chat.FormField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.label.LabelChildComponent;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;

/**
 * Shows a {@link Form} as a Discord modal and reads its submission back.
 *
 * <p>The modal's custom id is {@code form:<id>}, where the id keeps the form's command and fixed
 * options in the {@link ComponentStore} (as a button's does); each field is a label around a text
 * input (or, for a field with choices, a string select) whose custom id is the field's option name.
 * Submitting runs that command with the fixed options plus every non-blank answer, as the person
 * who submitted: the router checks their role as if they had typed the command.
 *
 * <p>Everything is checked against Discord's modal limits ({@link DiscordLimits}: 5 components, a
 * 45-character title and labels, 100-character custom ids, 4,000-character values); the neutral
 * {@link Form} is sized for them already, so a form that does not fit is a programming error.
 *
 * <p>Stores the form in the database: call it on a worker thread, never on JDA's event thread.
 */
final class DiscordForms {
  /** The custom id prefix of modals backed by the component store. */
  static final String MODAL_PREFIX = "form:";

  /** How long a form opened in Discord can still be submitted. */
  static final Duration FORM_LIFESPAN = Duration.ofHours(24);

  private final ComponentStore components;

  DiscordForms(ComponentStore components) {
    this.components = components;
  }

  /** The modal for {@code form}, its submission stored under the modal's custom id. */
  Modal modal(Form form) {
    check(
        form.fields().size() <= DiscordLimits.MODAL_COMPONENTS,
        "a modal has at most " + DiscordLimits.MODAL_COMPONENTS + " fields");
    var labels = new ArrayList<Label>();
    for (FormField field : form.fields()) {
      check(
          field.option().length() <= DiscordLimits.CUSTOM_ID,
          "option '" + field.option() + "' is too long for a custom id");
      check(field.label().length() <= DiscordLimits.MODAL_LABEL, "label too long");
      labels.add(Label.of(field.label(), child(field)));
    }
    String id =
        MODAL_PREFIX
            + components.save(new Action(form.submitTo(), form.fixedOptions()), FORM_LIFESPAN);
    return Modal.create(id, TextChunks.cut(form.title(), DiscordLimits.MODAL_TITLE))
        .addComponents(labels)
        .build();
  }

  /** The command and fixed options behind a submitted modal, unless it is unknown or expired. */
  Optional<Action> submission(String modalId) {
    if (!modalId.startsWith(MODAL_PREFIX)) {
      return Optional.empty();
    }
    return components.find(modalId.substring(MODAL_PREFIX.length()));
  }

  /**
   * The answers of a submitted modal by option name: a text input's text, a select's chosen value.
   * In memory only; safe on JDA's event thread.
   */
  static Map<String, String> answers(List<ModalMapping> values) {
    var answers = new LinkedHashMap<String, String>();
    for (ModalMapping value : values) {
      if (value.getType() == Component.Type.TEXT_INPUT) {
        answers.put(value.getCustomId(), value.getAsString());
      } else if (value.getType() == Component.Type.STRING_SELECT) {
        answers.put(value.getCustomId(), String.join(",", value.getAsStringList()));
      }
    }
    return answers;
  }

  /** The options a submission runs its command with: the fixed ones, then non-blank answers. */
  static Map<String, String> options(Action submission, Map<String, String> answers) {
    var options = new LinkedHashMap<>(submission.options());
    answers.forEach(
        (option, value) -> {
          if (value != null && !value.isBlank() && !submission.options().containsKey(option)) {
            options.put(option, value.strip());
          }
        });
    return options;
  }

  private static LabelChildComponent child(FormField field) {
    if (!field.choices().isEmpty() && fitsSelect(field.choices())) {
      var select = StringSelectMenu.create(field.option()).setRequiredRange(1, 1).setRequired(true);
      field.choices().forEach(c -> select.addOption(c, c));
      if (field.choices().contains(field.value())) {
        select.setDefaultValues(field.value());
      }
      return select.build();
    }
    var input =
        TextInput.create(
                field.option(), field.multiline() ? TextInputStyle.PARAGRAPH : TextInputStyle.SHORT)
            .setRequired(field.required())
            .setMaxLength(Math.min(field.maxLength(), DiscordLimits.MODAL_VALUE));
    if (!field.choices().isEmpty()) {
      input.setPlaceholder(
          TextChunks.cut(
              "One of " + String.join(", ", field.choices()), DiscordLimits.MODAL_PLACEHOLDER));
    }
    if (!field.value().isEmpty()) {
      input.setValue(field.value());
    }
    return input.build();
  }

  /** Whether the choices fit a string select: at most 25, each value at most 100 characters. */
  private static boolean fitsSelect(List<String> choices) {
    return choices.size() <= DiscordLimits.SELECT_OPTIONS
        && choices.stream()
            .allMatch(c -> !c.isEmpty() && c.length() <= DiscordLimits.SELECT_OPTION_VALUE);
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException("form does not fit a Discord modal: " + problem);
    }
  }
}
