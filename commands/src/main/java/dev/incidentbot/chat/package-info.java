/**
 * The neutral chat model every adapter speaks: a {@link dev.incidentbot.chat.Request} comes in from
 * Discord, the console or an alert, the {@link dev.incidentbot.chat.Router} hands it to one {@link
 * dev.incidentbot.chat.Command}, and a {@link dev.incidentbot.chat.Reply} goes back for the adapter
 * to render. Nothing here knows a chat platform.
 */
package dev.incidentbot.chat;
