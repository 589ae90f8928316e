package dev.incidentbot.bot.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's real {@code Main} in a child JVM, in console mode on piped standard input: lines are
 * typed with {@link #type}, what it prints is collected and awaited with {@link #await}, and {@link
 * #kill9} ends it the way a crash does (SIGKILL: no shutdown hook, nothing flushed or released).
 * Its working directory is {@code dir} (attachments under {@code dir/data}); standard error goes to
 * {@code dir/stderr-N.log}.
 */
final class ChildBot implements AutoCloseable {
  private final Process process;
  private final OutputStream stdin;
  private final StringBuffer out = new StringBuffer();
  private final Thread reader;
  private final Path stderr;

  private ChildBot(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = process.getOutputStream();
    this.reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.append(line).append('\n');
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            },
            "child-bot-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -cp <this classpath> dev.incidentbot.bot.Main --config config} in dir. */
  static ChildBot start(Path config, Path dir) throws IOException {
    Files.createDirectories(dir);
    int n = 1;
    while (Files.exists(dir.resolve("stderr-" + n + ".log"))) {
      n++;
    }
    Path stderr = dir.resolve("stderr-" + n + ".log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.incidentbot.bot.Main",
                "--config",
                config.toString())
            .directory(dir.toFile())
            .redirectError(stderr.toFile())
            .start();
    return new ChildBot(p, stderr);
  }

  /** Types one line, as a person at the console would. */
  void type(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Everything printed so far. */
  String output() {
    return out.toString();
  }

  /**
   * Waits until the output after {@code from} (a length of {@link #output} seen earlier) matches
   * {@code regex}, and returns the match.
   *
   * @throws AssertionError on timeout or when the process exits first, with what it printed
   */
  Matcher await(int from, String regex, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex, Pattern.DOTALL);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = p.matcher(out.substring(Math.min(from, out.length())));
      if (m.find()) {
        return m;
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError(
            (process.isAlive() ? "timed out" : "the bot exited")
                + " waiting for /"
                + regex
                + "/; it printed:\n"
                + output()
                + "\nstderr:\n"
                + stderr());
      }
      Thread.sleep(50);
    }
  }

  /** What it wrote to standard error so far. */
  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  long pid() {
    return process.pid();
  }

  /** Ends the process with SIGKILL, as a crash or an OOM kill would, and waits for it. */
  void kill9() throws Exception {
    int code = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
    if (code != 0) {
      throw new IllegalStateException("kill -9 " + process.pid() + " exited " + code);
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " survived kill -9");
    }
    reader.join(5000);
  }

  /** Ends its input (the console's end of input): the bot finishes what runs and exits. */
  int stop(Duration timeout) throws Exception {
    stdin.close();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the bot did not exit within " + timeout + "; it printed:\n" + out);
    }
    reader.join(5000);
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
