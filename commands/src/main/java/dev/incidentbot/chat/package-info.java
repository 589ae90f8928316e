/**
 * The neutral chat model every adapter speaks: a {@link dev.incidentbot.chat.Request} comes in from
 * Discord, the console or an alert, the {@link dev.incidentbot.chat.Router} hands it to one {@link
 * dev.incidentbot.chat.Command}, and a {@link dev.incidentbot.chat.Reply} goes back for the adapter
 * to render. Nothing here knows a chat platform.
 *
 * <p>A reply may carry a {@link dev.incidentbot.chat.Form}: fields to fill in, prefilled, that are
 * submitted as the options of a command through the router (a modal in Discord, a usage hint in the
 * console), and {@link dev.incidentbot.chat.Reply#mentions()}: the platform ids of people to
 * mention, never taken from typed text. Options of type {@link
 * dev.incidentbot.chat.OptionSpec.Type#USER} carry a person as {@code name|id} ({@link
 * dev.incidentbot.chat.UserRef}).
 */
package dev.incidentbot.chat;
