package dev.incidentbot.chat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The long-running commands in flight in this bot process, each under a short id that a Stop button
 * carries ({@link StopCommand}). In memory only: a job does not outlive the process that runs it,
 * so neither does its stop flag. Each id starts with this process's own prefix, so that a Stop for
 * a job of another process (the bot restarted, or another instance took over as leader: only the
 * leader answers buttons, see {@code dev.incidentbot.bot.leader}) is told apart from a Stop for a
 * job that finished here: the first job ended with its process, the second finished.
 *
 * <p>Thread-safe. The job's thread registers and closes it; any thread may ask it to stop.
 */
public final class RunningJobs {
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final String prefix = UUID.randomUUID().toString().substring(0, 6) + "-";

  /** Registers a job described as {@code what}; close it when the job ends. */
  public Job start(String what) {
    String id = prefix + UUID.randomUUID().toString().substring(0, 6);
    Job job = new Job(id, what, this);
    jobs.put(id, job);
    return job;
  }

  /**
   * Asks the job {@code id} to stop on behalf of {@code who} (the first to ask is the one named);
   * empty when no such job is running.
   */
  public Optional<Job> requestStop(String id, String who) {
    Job job = jobs.get(id);
    if (job != null) {
      job.stoppedBy.compareAndSet(null, who);
      job.stop.set(true);
    }
    return Optional.ofNullable(job);
  }

  /** Whether {@code id} is the id of a job this process started (running or finished). */
  public boolean startedHere(String id) {
    return id.startsWith(prefix);
  }

  public int running() {
    return jobs.size();
  }

  /** One running job. */
  public static final class Job implements AutoCloseable {
    private final String id;
    private final String what;
    private final RunningJobs owner;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<String> stoppedBy = new AtomicReference<>();

    private Job(String id, String what, RunningJobs owner) {
      this.id = id;
      this.what = what;
      this.owner = owner;
    }

    public String id() {
      return id;
    }

    public String what() {
      return what;
    }

    /** Whether someone pressed Stop (here or through the adapter's {@link Progress}). */
    public boolean stopRequested(Progress progress) {
      return stop.get() || progress.stopRequested();
    }

    /** Who asked this job to stop through its Stop button; empty when nobody did. */
    public Optional<String> stoppedBy() {
      return Optional.ofNullable(stoppedBy.get());
    }

    /** The Stop button for this job's interim replies. */
    public Action stopAction() {
      return Action.of(StopCommand.NAME, "job", id);
    }

    @Override
    public void close() {
      owner.jobs.remove(id);
    }
  }
}
