package dev.incidentbot.bot.discord;

/**
 * What Discord accepts in one message or modal; anything over these is rejected with HTTP 400. See
 * https://discord.com/developers/docs/resources/message#create-message, the embed limits and the
 * component reference (modals, labels, text inputs, selects).
 */
public final class DiscordLimits {
  public static final int CONTENT = 2000;
  public static final int EMBEDS_PER_MESSAGE = 10;
  public static final int EMBED_TITLE = 256;
  public static final int EMBED_DESCRIPTION = 4096;
  public static final int EMBED_FIELDS = 25;
  public static final int FIELD_NAME = 256;
  public static final int FIELD_VALUE = 1024;
  public static final int EMBED_FOOTER = 2048;
  public static final int EMBED_AUTHOR = 256;

  /** Title, description, field names and values, footer and author of all embeds together. */
  public static final int EMBED_TOTAL = 6000;

  public static final int ACTION_ROWS = 5;
  public static final int BUTTONS_PER_ROW = 5;
  public static final int BUTTON_LABEL = 80;
  public static final int CUSTOM_ID = 100;
  public static final int FILES_PER_MESSAGE = 10;

  /** Per file, the upload limit of a server without boosts. */
  public static final long FILE_BYTES = 10L * 1024 * 1024;

  public static final int THREAD_NAME = 100;
  public static final int AUTOCOMPLETE_CHOICES = 25;

  /** Characters in one autocomplete choice's name and value (application command docs). */
  public static final int AUTOCOMPLETE_VALUE = 100;

  public static final int CHOICE_NAME = 100;

  /** Modals: at most five components (labels), each holding one text input or select. */
  public static final int MODAL_COMPONENTS = 5;

  public static final int MODAL_TITLE = 45;
  public static final int MODAL_LABEL = 45;
  public static final int MODAL_VALUE = 4000;
  public static final int MODAL_PLACEHOLDER = 100;
  public static final int SELECT_OPTIONS = 25;
  public static final int SELECT_OPTION_VALUE = 100;

  private DiscordLimits() {}
}
