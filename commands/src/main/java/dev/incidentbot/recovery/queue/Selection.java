package dev.incidentbot.recovery.queue;

import java.util.List;

/**
 * The jobs a queue action matched in its dry run or at execution.
 *
 * @param ids the job ids, oldest first
 * @param total how many jobs the state holds in all
 * @param samples a few matched jobs as people read them ("12 send-email: mailbox full")
 */
record Selection(List<String> ids, long total, List<String> samples) {
  Selection {
    ids = List.copyOf(ids);
    samples = List.copyOf(samples);
  }
}
