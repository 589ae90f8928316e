package dev.incidentbot.chat;

import java.util.Set;

/** The bot's own roles. Adapters map platform roles (Discord roles, console users) onto these. */
public final class Roles {
  /** May read: health, diagnostics, incident status. */
  public static final String VIEWER = "viewer";

  /** May request and confirm recovery actions. */
  public static final String OPERATOR = "operator";

  /** May declare, update and resolve incidents. */
  public static final String COMMANDER = "commander";

  public static final Set<String> ALL = Set.of(VIEWER, OPERATOR, COMMANDER);

  private Roles() {}
}
