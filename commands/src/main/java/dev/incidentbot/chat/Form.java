package dev.incidentbot.chat;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A form a command asks the person to fill in, prefilled where it can be: a modal in Discord, a
 * usage hint with the current values in the console. Submitting it runs {@code submitTo} with
 * {@code fixedOptions} plus one option per field (the field's {@link FormField#option()} name),
 * through the router and its role checks, exactly as if the person had typed the command. Fields
 * left empty are not sent, so the command sees them as absent.
 *
 * <p>Sized for Discord's modals, the strictest platform: a title of at most {@value #MAX_TITLE}
 * characters and at most {@value #MAX_FIELDS} fields.
 *
 * <p>Platform rules adapters must respect: Discord shows a modal only as the first answer to an
 * interaction (a slash command or a button press), before any deferral. A command that may return a
 * form must therefore answer quickly (a store read, no Redis call). When an adapter cannot show the
 * form (it had to defer, or the platform has no forms) it shows the reply's text and a button that
 * runs {@link #reopen()}, whose press is a new interaction that can open the form.
 *
 * @param title shown above the fields
 * @param submitTo the command the answers go to ("incident update")
 * @param fixedOptions options sent with every submission, such as the incident id
 * @param fields the fields, in order
 * @param reopen the action that shows this form again (normally the command that produced it)
 */
public record Form(
    String title,
    String submitTo,
    Map<String, String> fixedOptions,
    List<FormField> fields,
    Action reopen) {
  public static final int MAX_TITLE = 45;
  public static final int MAX_FIELDS = 5;

  public Form {
    Objects.requireNonNull(title, "title");
    if (title.isBlank() || title.length() > MAX_TITLE) {
      throw new IllegalArgumentException("form title must be 1-" + MAX_TITLE + " characters");
    }
    Objects.requireNonNull(submitTo, "submitTo");
    fixedOptions = Map.copyOf(fixedOptions);
    fields = List.copyOf(fields);
    if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException("a form has 1-" + MAX_FIELDS + " fields");
    }
    if (fields.stream().map(FormField::option).distinct().count() != fields.size()) {
      throw new IllegalArgumentException("two form fields submit the same option");
    }
    for (FormField f : fields) {
      if (fixedOptions.containsKey(f.option())) {
        throw new IllegalArgumentException("'" + f.option() + "' is both fixed and a field");
      }
    }
    Objects.requireNonNull(reopen, "reopen");
  }

  /** The options a submission carries: the fixed ones, then each non-blank answer by option. */
  public Map<String, String> submission(Map<String, String> answers) {
    var options = new java.util.LinkedHashMap<>(fixedOptions);
    for (FormField f : fields) {
      String value = answers.get(f.option());
      if (value != null && !value.isBlank()) {
        options.put(f.option(), value.strip());
      }
    }
    return options;
  }
}
