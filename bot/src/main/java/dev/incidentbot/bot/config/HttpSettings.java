package dev.incidentbot.bot.config;

/** The validated {@code http:} section: where the bot's HTTP server listens. */
public record HttpSettings(String address, int port) {}
