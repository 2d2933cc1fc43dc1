package io.otelcol4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link CollectorMain} child JVM on the bench class path, driven over its standard input. */
final class ChildCollector implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  final List<String> jvmFlags;
  final Path log;

  ChildCollector(Path config, List<String> jvmFlags, Path log) throws IOException {
    this.jvmFlags = List.copyOf(jvmFlags);
    this.log = log;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CollectorMain.class.getName());
    cmd.add(config.toString());
    process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    String first = readLine(60);
    if (!"READY".equals(first)) {
      process.destroyForcibly();
      throw new IOException("collector child did not start (got " + first + "); log: " + Files.readString(log));
    }
  }

  /** Deletes a run's temp folder (config, logs, agent data) after a run that finished normally. */
  static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  /** Sends one command and returns the one-line answer (30 s at most). */
  String command(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
    return readLine(30);
  }

  private String readLine(int seconds) throws IOException {
    CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return "EOF " + e;
      }
    });
    try {
      String s = f.get(seconds, TimeUnit.SECONDS);
      return s == null ? "EOF" : s;
    } catch (TimeoutException e) {
      return "TIMEOUT";
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        command("quit");
      }
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
