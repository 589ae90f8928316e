package dev.incidentbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stop on a job of this process, on one that finished here, and on one whose process is gone (the
 * bot restarted, or another instance became the leader and got the button).
 */
@DisplayName("Stop: running here, finished here, or gone with the process that ran it")
class StopCommandTest {

  private static Reply stop(RunningJobs jobs, String id) {
    return new StopCommand(jobs)
        .handle(
            new Request(
                "stop",
                Map.of("job", id),
                Actor.person("u2", "carol", Set.of()),
                Place.CONSOLE,
                Instant.EPOCH),
            Progress.NONE);
  }

  @Test
  @DisplayName("a running job here is flagged and named")
  void running() {
    var jobs = new RunningJobs();
    try (RunningJobs.Job job = jobs.start("/redis bigkeys on main")) {
      assertThat(stop(jobs, job.id()).text())
          .isEqualTo("Stopping /redis bigkeys on main (asked by carol).");
      assertThat(job.stopRequested(Progress.NONE)).isTrue();
      assertThat(job.stoppedBy()).contains("carol");
    }
  }

  @Test
  @DisplayName("a job that finished here: 'already finished'")
  void finishedHere() {
    var jobs = new RunningJobs();
    String id;
    try (RunningJobs.Job job = jobs.start("/redis bigkeys on main")) {
      id = job.id();
    }
    Reply reply = stop(jobs, id);
    assertThat(reply.text()).isEqualTo("That job has already finished.");
    assertThat(reply.ephemeral()).isTrue();
  }

  @Test
  @DisplayName(
      "a job of another process (the old leader, still running there or not): it stopped with its"
          + " process, not 'already finished'")
  void ranInAnotherProcess() {
    var oldLeader = new RunningJobs();
    var newLeader = new RunningJobs();
    try (RunningJobs.Job job = oldLeader.start("/redis bigkeys on main")) {
      Reply reply = stop(newLeader, job.id());
      assertThat(reply.text())
          .startsWith("That job is no longer running: the bot that ran it has stopped since")
          .doesNotContain("already finished");
      assertThat(reply.ephemeral()).isTrue();
    }
    assertThat(stop(newLeader, "1a2b3c4d").text()).startsWith("That job is no longer running");
  }
}
