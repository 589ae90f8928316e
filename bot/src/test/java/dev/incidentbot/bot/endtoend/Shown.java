package dev.incidentbot.bot.endtoend;

import java.util.List;
import java.util.Map;

/**
 * A message as a person sees it in one adapter: its title, everything it says (content, fields,
 * code blocks, continuation messages and attached files, as text), its buttons, and how many times
 * it changed before it read like this (progress edits in Discord, earlier interim prints in the
 * console).
 *
 * @param title the headline, without the console's severity tag
 * @param text all visible text
 * @param buttons button labels in order
 * @param changes how many times the message was replaced before this state
 * @param privately whether only the person who asked sees it (Discord ephemeral)
 * @param handles what the adapter needs to press each button, by label
 */
public record Shown(
    String title,
    String text,
    List<String> buttons,
    int changes,
    boolean privately,
    Map<String, Object> handles) {

  public Shown {
    buttons = List.copyOf(buttons);
    handles = Map.copyOf(handles);
  }

  public boolean hasButton(String label) {
    return buttons.contains(label);
  }

  @Override
  public String toString() {
    return "«" + title + "» " + buttons + " (" + changes + " changes)\n" + text;
  }
}
