package dev.incidentbot.bot.fault;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fault test run twice, its {@code String} parameter naming the bot's database: {@code "H2"},
 * then {@code "PostgreSQL"} (give it to {@link BotProcess.Builder#database}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "on {0}")
@ValueSource(strings = {"H2", "PostgreSQL"})
@interface OnH2AndPostgres {}
