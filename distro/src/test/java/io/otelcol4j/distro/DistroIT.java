package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.otelcol4j.component.ComponentLoader;
import io.otelcol4j.component.Kind;
import io.otelcol4j.testing.TestData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as users run it: a child process, real ports on 127.0.0.1, SIGTERM to stop. */
class DistroIT {
  /** The file exporter when the distro has it (it writes where the test can read); else debug to stderr. */
  static final boolean FILE_EXPORTER = ComponentLoader.fromClasspath().factory(Kind.EXPORTER, "file") != null;

  @TempDir Path tmp;

  @Test
  void versionPrintsTheProjectVersion() throws Exception {
    String expected = "otelcol4j version " + System.getProperty("otelcol4j.version", "0.1.0-SNAPSHOT") + "\n";
    assertThat(Distro.run(tmp, "--version")).isEqualTo(new Distro.Result(0, expected, ""));
    assertThat(Distro.run(tmp, "version")).isEqualTo(new Distro.Result(0, expected, ""));
  }

  @Test
  void unknownFlagPrintsUsageAndExits2() throws Exception {
    Distro.Result r = Distro.run(tmp, "--bogus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Error: unknown flag: --bogus\nUsage:\n").contains("otelcol4j validate");
  }

  @Test
  void componentsListsEveryComponentOfTheDistro() throws Exception {
    Distro.Result r = Distro.run(tmp, "components");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    String normalised = r.out().replace(Distro.JAR.toString(), "<otelcol4j.jar>")
        .replace("version: " + System.getProperty("otelcol4j.version", "0.1.0-SNAPSHOT"), "version: <version>");
    Golden.assertMatches("components.out", normalised);
  }

  @Test
  void validateAcceptsAGoodConfig() throws Exception {
    Path config = write("good.yaml", pipelineConfig(Distro.freePort(), Distro.freePort(), Distro.freePort(),
        Distro.freePort(), tmp.resolve("out.jsonl")));
    Distro.Result r = Distro.run(tmp, "validate", "--config", config.toString());
    assertThat(r).isEqualTo(new Distro.Result(0, "config is valid\n", ""));
  }

  @Test
  void validatePrintsEveryProblemWithItsPathAndExits1() throws Exception {
    Path config = write("bad.yaml", String.join("\n",
        "receivers:",
        "  otlp:",
        "    protocols:",
        "      grpc:",
        "        endpoint: 127.0.0.1:4317",
        "  nosuch:",
        "processors:",
        "  batch:",
        "    timeout: -1s",
        "exporters:",
        "  debug:",
        "    verbosty: basic",
        "service:",
        "  pipelines:",
        "    traces:",
        "      receivers: [otlp]",
        "      processors: [batch]",
        "      exporters: [debug, otlp/backend]",
        ""));
    Path override = write("override.yaml", "service:\n  telemetry:\n    logs:\n      level: loud\n");
    Distro.Result r = Distro.run(tmp, "validate", "--config", config.toString(), "--config=" + override,
        "--set", "processors.batch.send_batch_size=many");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    Golden.assertMatches("validate-invalid.out", r.err().replace(tmp.toString(), "<dir>"));
  }

  @Test
  void runServesHealthAndMetricsMovesDataAndDrainsOnSigterm() throws Exception {
    int health = Distro.freePort();
    int metrics = Distro.freePort();
    int grpc = Distro.freePort();
    int http = Distro.freePort();
    Path out = tmp.resolve("out.jsonl");
    Path config = write("run.yaml", pipelineConfig(health, metrics, grpc, http, out));

    try (Distro.Running c = Distro.start(tmp, Map.of(), "--config", config.toString())) {
      Distro.awaitHealthy(c, "http://127.0.0.1:" + health + "/");

      HttpResponse<String> sent = Distro.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/logs"))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(TestData.logs(0, 3).toRequest().toByteArray()))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(sent.statusCode()).isEqualTo(200);

      String metricsUrl = "http://127.0.0.1:" + metrics + "/metrics";
      assertThat(Distro.await(Duration.ofSeconds(15), () -> {
        HttpResponse<String> m = Distro.get(metricsUrl);
        return m != null && m.statusCode() == 200 && m.body().contains("otelcol_receiver_accepted_log_records");
      })).as("own metrics at %s count the accepted log records", metricsUrl).isTrue();
      assertThat(Distro.await(Duration.ofSeconds(15), () -> exported(c, out).contains("log 2")))
          .as("the three log records reach the exporter").isTrue();

      assertThat(c.terminate(Duration.ofSeconds(20))).as(c.err()).isZero();
      assertThat(c.err()).contains("Everything is ready.").contains("Shutdown complete.");
    }
  }

  @Test
  void sigintAlsoDrainsAndExits0() throws Exception {
    int health = Distro.freePort();
    Path config = write("int.yaml", pipelineConfig(health, Distro.freePort(), Distro.freePort(), Distro.freePort(),
        tmp.resolve("int.jsonl")));
    try (Distro.Running c = Distro.start(tmp, Map.of(), "--config", config.toString())) {
      Distro.awaitHealthy(c, "http://127.0.0.1:" + health + "/");
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(c.process.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(c.process.waitFor(20, TimeUnit.SECONDS)).as("exits within 20s of SIGINT").isTrue();
      assertThat(c.process.exitValue()).as(c.err()).isZero();
      assertThat(c.err()).contains("Received signal from OS\t{\"signal\": \"SIGINT\"}").contains("Shutdown complete.");
    }
  }

  @Test
  void runWithAnInvalidConfigPrintsTheProblemsAndExits1() throws Exception {
    Path config = write("bad-run.yaml", "receivers:\n  nosuch:\nservice:\n  pipelines: {}\n");
    Distro.Result r = Distro.run(tmp, "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Error: invalid configuration: ")
        .contains("receivers.nosuch: unknown type \"nosuch\"");
  }

  @Test
  void runWithAMissingConfigFileExits1() throws Exception {
    Path missing = tmp.resolve("missing.yaml");
    Distro.Result r = Distro.run(tmp, "--config", missing.toString());
    assertThat(r).isEqualTo(new Distro.Result(1, "", "Error: cannot read config file " + missing + ": no such file\n"));
  }

  @Test
  void startFailureExits1() throws Exception {
    // The own-metrics port is taken, so start-up fails after the config was found valid.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = write("clash.yaml", pipelineConfig(Distro.freePort(), taken.getLocalPort(), Distro.freePort(),
          Distro.freePort(), tmp.resolve("o.jsonl")));
      Distro.Result r = Distro.run(tmp, "--config", config.toString());
      assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains("Error: cannot start the collector: ");
    }
  }

  @Test
  void embeddedDefaultConfigStartsWhenItsPortsAreFree() throws Exception {
    for (int port : new int[] {4317, 4318, 13133, 8888}) {
      assumeThat(Distro.portIsFree(port)).as("port %s is free on this machine", port).isTrue();
    }
    Distro.Result valid = Distro.run(tmp, "validate");
    assertThat(valid).isEqualTo(new Distro.Result(0, "config is valid\n", ""));

    try (Distro.Running c = Distro.start(tmp, Map.of())) {
      Distro.awaitHealthy(c, "http://localhost:13133/");
      assertThat(Distro.status("http://localhost:8888/metrics")).isEqualTo(200);
      assertThat(c.terminate(Duration.ofSeconds(20))).as(c.err()).isZero();
      assertThat(c.err()).contains("Shutdown complete.");
    }
  }

  /** health_check, OTLP in, batch, then the file exporter (or debug to stderr), own metrics. */
  static String pipelineConfig(int health, int metrics, int grpc, int http, Path out) {
    String exporter = FILE_EXPORTER
        ? "  file:\n    path: " + out + "\n    flush_interval: 100ms\n"
        : "  debug:\n    verbosity: detailed\n";
    String exporterId = FILE_EXPORTER ? "file" : "debug";
    return String.join("\n",
        "extensions:",
        "  health_check:",
        "    endpoint: 127.0.0.1:" + health,
        "receivers:",
        "  otlp:",
        "    protocols:",
        "      grpc:",
        "        endpoint: 127.0.0.1:" + grpc,
        "      http:",
        "        endpoint: 127.0.0.1:" + http,
        "processors:",
        "  batch:",
        "    timeout: 100ms",
        "exporters:",
        exporter,
        "service:",
        "  extensions: [health_check]",
        "  telemetry:",
        "    metrics:",
        "      address: 127.0.0.1:" + metrics,
        "  pipelines:",
        "    logs:",
        "      receivers: [otlp]",
        "      processors: [batch]",
        "      exporters: [" + exporterId + "]",
        "    traces:",
        "      receivers: [otlp]",
        "      processors: [batch]",
        "      exporters: [" + exporterId + "]",
        "");
  }

  /** What the exporter wrote so far: the file, or the collector's stderr for the debug exporter. */
  static String exported(Distro.Running c, Path out) {
    return FILE_EXPORTER ? Distro.read(out) : Distro.read(c.err);
  }

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }
}
