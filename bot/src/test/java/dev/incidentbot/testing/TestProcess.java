package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server process a test starts (Prometheus, redis_exporter): its output in a log file in its own
 * temporary directory, ready once an HTTP URL answers 200, killed and its directory deleted on
 * {@link #close}. Start failures say what the process logged.
 */
final class TestProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path dir;
  private final Process process;

  private TestProcess(String name, Path dir, Process process) {
    this.name = name;
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts {@code command} and waits until {@code readyUrl} answers 200, at most {@code timeout}.
   * Takes over {@code dir} (deleted on close, or now when the start fails).
   */
  static TestProcess start(
      String name, Path dir, List<String> command, String readyUrl, Duration timeout) {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
              .start();
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UncheckedIOException("could not start " + command, e);
    }
    var started = new TestProcess(name, dir, process);
    try {
      started.awaitReady(readyUrl, timeout);
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  private void awaitReady(String url, Duration timeout) {
    awaitReady(name, process, url, timeout, this::log, IllegalStateException::new);
  }

  /**
   * Waits until {@code url} answers 200, at most {@code timeout}. Fails at once, with the exception
   * {@code exited} makes of a message quoting {@code log}, when {@code process} ends meanwhile; and
   * after the timeout with an {@link IllegalStateException} quoting {@code log}.
   */
  static void awaitReady(
      String name,
      Process process,
      String url,
      Duration timeout,
      Supplier<String> log,
      Function<String, RuntimeException> exited) {
    try {
      Awaitility.await(name + " ready at " + url)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw exited.apply(name + " exited at start:\n" + log.get());
                }
                return answers200(url);
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          name + " was not ready within " + timeout.toSeconds() + " s:\n" + log.get());
    }
  }

  private static boolean answers200(String url) throws InterruptedException {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false; // not listening yet
    }
  }

  /** What the process printed so far. */
  String log() {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Kills the process (SIGTERM, then SIGKILL after 5 s) and deletes its directory. */
  @Override
  public void close() {
    stop(process);
    deleteQuietly(dir);
  }

  /** Stops {@code process} if it runs: SIGTERM, then SIGKILL after 5 s. */
  static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Fails naming scripts/install-test-deps when {@code binary} is not installed. */
  static void requireInstalled(Path binary, String debianPackage) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing: run scripts/install-test-deps (it installs Debian's "
              + debianPackage
              + ") or apt-get install -y --no-install-recommends "
              + debianPackage);
    }
  }

  /** Deletes {@code dir} and everything in it, as far as it can; a leftover is harmless. */
  static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
