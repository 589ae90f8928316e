package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code prometheus-redis-exporter} (redis_exporter 1.45) scraping one Redis, listening on
 * 127.0.0.1 and a free port only. Close it to kill the process.
 */
public final class RedisExporterServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-redis-exporter");

  private final TestProcess process;
  private final int port;

  private RedisExporterServer(TestProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * An exporter for the Redis at {@code redisUrl} ({@code redis://127.0.0.1:<port>}), with {@code
   * extraArgs} ({@code -check-keys=...}) after the address flags.
   */
  public static RedisExporterServer start(String redisUrl, String... extraArgs) {
    TestProcess.requireInstalled(BINARY, "prometheus-redis-exporter");
    Path dir;
    try {
      dir = Files.createTempDirectory("redis-exporter-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = RedisServer.freePort();
    String address = "127.0.0.1:" + port;
    var command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "-redis.addr=" + redisUrl,
                "-web.listen-address=" + address,
                "-redis-only-metrics"));
    command.addAll(List.of(extraArgs));
    var process =
        TestProcess.start(
            "redis_exporter",
            dir,
            command,
            "http://" + address + "/health",
            Duration.ofSeconds(20));
    return new RedisExporterServer(process, port);
  }

  /** {@code 127.0.0.1:<port>}: the scrape target. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public String log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
