/**
 * Mustache templates for the messages people read. Built-in templates ship in the jar under {@code
 * templates/}; operators override any of them with a file of the same name in a configured
 * directory. Every template is compiled and checked against a sample of its data when the bot
 * starts, so a typo stops start-up with the file and line instead of producing a broken message
 * during an incident.
 */
package dev.incidentbot.template;
