/**
 * Test support shared by every module (published in the commands test-jar): real {@code
 * redis-server} processes on free loopback ports, started by the tests and killed afterwards.
 */
package dev.incidentbot.testing;
