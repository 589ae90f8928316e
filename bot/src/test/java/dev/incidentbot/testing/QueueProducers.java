package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real BullMQ producer of {@code testing/node} with a key prefix of the test's choosing: on a
 * cluster node, {@code {bull}} keeps every key of the queues in one hash slot, as BullMQ's docs ask
 * for Redis Cluster. (For the default prefix and for RQ, see {@link Producers}.)
 */
public final class QueueProducers {
  private QueueProducers() {}

  /** {@code node testing/node/bullmq-states.js <port> <prefix>}; returns BullMQ's own counts. */
  public static String bullmq(int port, String prefix) {
    Path script = root().resolve("testing/node/bullmq-states.js");
    if (!Files.isDirectory(script.resolveSibling("node_modules/bullmq"))) {
      throw new IllegalStateException(
          "bullmq is not installed for the tests: run scripts/install-test-deps");
    }
    List<String> command = List.of("node", script.toString(), String.valueOf(port), prefix);
    try {
      Path errors = Files.createTempFile("bullmq-", ".err");
      Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed:\n" + Files.readString(errors) + out);
      }
      Files.delete(errors);
      return out.strip().lines().reduce((a, b) -> b).orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException("node is not installed: run scripts/install-test-deps", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("testing/node"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find testing/node above the working directory");
    }
    return p;
  }
}
