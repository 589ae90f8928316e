package dev.incidentbot.bot.http;

/** A webhook body that is not a valid Alertmanager notification; the message says why. */
final class BadPayloadException extends Exception {
  BadPayloadException(String reason) {
    super(reason);
  }
}
