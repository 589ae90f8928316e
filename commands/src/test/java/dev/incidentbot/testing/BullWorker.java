package dev.incidentbot.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real BullMQ 5 worker in its own process ({@code testing/node/bullmq-worker.js}), on one server
 * or on a Redis Cluster, that reports when it starts each job. Close to stop it.
 */
public final class BullWorker implements AutoCloseable {
  private static final Pattern LINE =
      Pattern.compile("\\{\"id\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"at\":(\\d+)}");

  private final Process process;
  private final Map<String, Long> started = new ConcurrentHashMap<>();

  private BullWorker(Process process) throws IOException {
    this.process = process;
    var out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    if (!"ready".equals(out.readLine())) {
      process.destroyForcibly();
      throw new IllegalStateException("the BullMQ worker did not start");
    }
    Thread reader =
        new Thread(
            () -> {
              try {
                String l;
                while ((l = out.readLine()) != null) {
                  Matcher m = LINE.matcher(l);
                  if (m.matches()) {
                    started.put(m.group(1), Long.parseLong(m.group(2)));
                  }
                }
              } catch (IOException ignored) {
                // the worker exited
              }
            },
            "bullmq-worker-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** A worker of {@code queue} (prefix {@code bull}) on the server at {@code port}. */
  public static BullWorker on(int port, String queue) throws IOException {
    return new BullWorker(
        new ProcessBuilder(
                "node",
                Producers.root().resolve("testing/node/bullmq-worker.js").toString(),
                String.valueOf(port),
                queue)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start());
  }

  /**
   * A worker of {@code queue} under {@code prefix} on the cluster the node at {@code port} is in.
   */
  public static BullWorker onCluster(int port, String queue, String prefix) throws IOException {
    var builder =
        new ProcessBuilder(
                "node",
                Producers.root().resolve("testing/node/bullmq-worker.js").toString(),
                String.valueOf(port),
                queue,
                prefix)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(Producers.CLUSTER_ENV, "1");
    return new BullWorker(builder.start());
  }

  /** When the worker started job {@code id} (epoch ms), waiting up to {@code timeout}. */
  public long awaitJob(String id, Duration timeout) {
    try {
      Awaitility.await("the worker to start job " + id)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> started.containsKey(id));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the worker never started job " + id + "; it started " + started.keySet(), e);
    }
    return started.get(id);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
