/**
 * {@code /redis bigkeys}: the biggest keys per type by element count or by MEMORY USAGE, found by
 * SCAN with a large COUNT and pipelined TYPE and size commands, on every primary at once, with
 * progress about once a second and a Stop button. Never KEYS, never a server-side loop: each call
 * is short, so the server keeps answering everyone else while the scan runs.
 */
package dev.incidentbot.redis.bigkeys;
