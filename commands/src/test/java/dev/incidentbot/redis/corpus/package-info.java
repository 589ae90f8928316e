/**
 * The incident corpus: real servers driven into incident states, and what health must say of each
 * (scenario, cause first, first step). Its table is the README's "what health tells apart".
 */
package dev.incidentbot.redis.corpus;
