/**
 * The audit log port: every command run, every confirmation and every action's outcome is recorded
 * with who, when and what. The bot stores it in its own database.
 */
package dev.incidentbot.audit;
