package dev.incidentbot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real queue producers the tests need: BullMQ 5 (npm, in {@code testing/node}) and RQ
 * (Debian's {@code python3-rq}, in {@code testing/python}). Each returns the JSON line its script
 * prints (the library's own counts). A missing tool fails with the install step that fixes it.
 */
public final class Producers {
  private Producers() {}

  /** {@code node testing/node/bullmq-states.js <port>}. */
  public static String bullmq(int port) {
    Path dir = root().resolve("testing/node");
    if (!Files.isDirectory(dir.resolve("node_modules/bullmq"))) {
      throw new IllegalStateException(
          "bullmq is not installed for the tests: run scripts/install-test-deps"
              + " (npm ci --prefix testing/node; needs Debian's nodejs and npm)");
    }
    return run(List.of("node", dir.resolve("bullmq-states.js").toString(), "" + port), "node");
  }

  /**
   * {@code BULLMQ_CLUSTER=1 node testing/node/bullmq-states.js <port> <prefix>}: the same queues on
   * the Redis Cluster the node at {@code port} belongs to, through BullMQ's own cluster client,
   * under {@code prefix} (which needs a hash tag such as {@code {bull}} on a cluster).
   */
  public static String bullmqOnCluster(int port, String prefix) {
    Path dir = bullmqDir();
    return run(
        List.of("node", dir.resolve("bullmq-states.js").toString(), "" + port, prefix),
        "node",
        Map.of(CLUSTER_ENV, "1"));
  }

  /** The environment variable that points the BullMQ scripts at a cluster (see connection.js). */
  public static final String CLUSTER_ENV = "BULLMQ_CLUSTER";

  /**
   * {@code node testing/node/bullmq-dead-worker.js <port> <queue> <prefix>}: one active job whose
   * worker was killed, no worker left; returns BullMQ's own counts.
   */
  public static String bullmqDeadWorker(int port, String queue, String prefix) {
    Path dir = bullmqDir();
    return run(
        List.of("node", dir.resolve("bullmq-dead-worker.js").toString(), "" + port, queue, prefix),
        "node");
  }

  /**
   * {@code node testing/node/bullmq-listeners.js <port> <queue>}: two workers and a QueueEvents
   * listener, running until closed. Returns once BullMQ itself sees the workers.
   */
  public static Listening bullmqListeners(int port, String queue) {
    Path dir = bullmqDir();
    try {
      Process p =
          new ProcessBuilder(
                  "node", dir.resolve("bullmq-listeners.js").toString(), "" + port, queue)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
      String line = out.readLine();
      if (line == null) {
        p.destroyForcibly();
        throw new IllegalStateException("bullmq-listeners.js exited before it was ready");
      }
      return new Listening(p, line.strip());
    } catch (IOException e) {
      throw new IllegalStateException("node is not installed: run scripts/install-test-deps", e);
    }
  }

  /** Listeners running in a child process; closing stops them. */
  public record Listening(Process process, String bullmqSays) implements AutoCloseable {
    @Override
    public void close() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException | InterruptedException e) {
        process.destroyForcibly();
      }
    }
  }

  private static Path bullmqDir() {
    Path dir = root().resolve("testing/node");
    if (!Files.isDirectory(dir.resolve("node_modules/bullmq"))) {
      throw new IllegalStateException(
          "bullmq is not installed for the tests: run scripts/install-test-deps"
              + " (npm ci --prefix testing/node; needs Debian's nodejs and npm)");
    }
    return dir;
  }

  /** {@code /usr/bin/python3 testing/python/rq-states.py <port>} (Debian's python3-rq). */
  public static String rq(int port) {
    String python = "/usr/bin/python3";
    return run(
        List.of(python, root().resolve("testing/python/rq-states.py").toString(), "" + port),
        "python3");
  }

  private static String run(List<String> command, String tool) {
    return run(command, tool, Map.of());
  }

  private static String run(List<String> command, String tool, Map<String, String> env) {
    try {
      var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(env);
      Process p = builder.start();
      var err = p.getErrorStream();
      String out = new String(p.getInputStream().readAllBytes());
      String errors = new String(err.readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        if (errors.contains("No module named 'rq'")) {
          throw new IllegalStateException(
              "RQ is not installed: run scripts/install-test-deps (apt-get install python3-rq)");
        }
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + errors + out);
      }
      return out.strip().lines().reduce((a, b) -> b).orElse("");
    } catch (IOException e) {
      throw new IllegalStateException(
          tool
              + " is not installed: run scripts/install-test-deps (apt-get install nodejs npm"
              + " python3-rq)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The project root: the folder above that holds testing/node. */
  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("testing/node"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find testing/node above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
