package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs {@code otelcol4j.jar} as a child process for the ITs, with bounded waits only. */
final class Distro {
  static final Path JAR = Path.of(System.getProperty("otelcol4j.jar", "target/otelcol4j.jar")).toAbsolutePath();
  static final Path REPO_ROOT = Path.of(System.getProperty("otelcol4j.repoRoot", "..")).toAbsolutePath().normalize();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Distro() {}

  /** A finished command: exit code and everything it printed. */
  record Result(int exitCode, String out, String err) {}

  /** A running collector process whose output goes to files (so it never blocks on a full pipe). */
  static final class Running implements AutoCloseable {
    final Process process;
    final Path out;
    final Path err;

    Running(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    String out() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Sends SIGTERM (Process.destroy on Linux) and waits for the exit code. */
    int terminate(Duration timeout) throws Exception {
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail("collector did not exit within %s of SIGTERM; stderr:%n%s", timeout, err());
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  static ProcessBuilder command(List<String> args, Map<String, String> env) {
    assertThat(JAR).as("the fat jar (built by mvn package)").exists();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove(Cli.PLUGINS_ENV);
    pb.environment().putAll(env);
    return pb;
  }

  /** Starts the jar with {@code args}; output goes to files in {@code dir}. */
  static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = command(List.of(args), env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Running(p, out, err);
  }

  /** Runs a one-shot command to completion (within 60s). */
  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    try (Running r = start(dir, env, args)) {
      if (!r.process.waitFor(60, TimeUnit.SECONDS)) {
        fail("%s did not finish within 60s", List.of(args));
      }
      return new Result(r.process.exitValue(), r.out(), r.err());
    }
  }

  static Result run(Path dir, String... args) throws Exception {
    return run(dir, Map.of(), args);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** True when nothing listens on {@code port} of any local address (so a default config can bind it). */
  static boolean portIsFree(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** GET a URL; status -1 when nothing answers. */
  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static int status(String url) {
    HttpResponse<String> r = get(url);
    return r == null ? -1 : r.statusCode();
  }

  /** Polls {@code condition} every 50 ms until it holds or {@code timeout} passes. */
  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  /** Waits until the health check answers 200, or the process dies, or 30s pass. */
  static void awaitHealthy(Running r, String healthUrl) throws Exception {
    boolean healthy = await(Duration.ofSeconds(30), () -> !r.process.isAlive() || status(healthUrl) == 200);
    if (!healthy || !r.process.isAlive()) {
      fail("collector not healthy at %s (alive: %s); stderr:%n%s", healthUrl, r.process.isAlive(), r.err());
    }
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
