package dev.incidentbot.bot.relay;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;

/**
 * The leader's answer to a {@link RelayRequest}: what the {@link Outbox} call returned.
 *
 * @param posted the message posted ({@link RelayRequest.Op#POST})
 * @param edited whether the message was edited ({@link RelayRequest.Op#EDIT})
 * @param thread the thread started ({@link RelayRequest.Op#THREAD})
 */
record RelayResult(Outbox.Posted posted, boolean edited, Place thread) {}
