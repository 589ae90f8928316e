/**
 * The recovery actions from the runbooks, one small final class each: each plans (a dry run that
 * changes nothing) and executes (with progress and evidence). All of them are stateless and
 * thread-safe, talk to Redis only through {@link dev.incidentbot.recovery.action.TargetConnector}
 * (the target's timeout on every call) and never send free-form write commands. On a Cluster target
 * an action runs on the {@link dev.incidentbot.recovery.action.NodeSet} it needs (every primary, or
 * every node) through {@link dev.incidentbot.recovery.action.EachNode}, node by node, and its plan
 * and outcome give each node's numbers and the totals.
 */
package dev.incidentbot.recovery.action;
