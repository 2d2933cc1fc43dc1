package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party component loaded from a plugins folder: the example {@code heartbeat} receiver,
 * which is not in otelcol4j.jar.
 */
class PluginIT {
  @TempDir Path tmp;

  /** examples/plugin/target/example-plugin-*.jar, built by the reactor before the distro. */
  static Path pluginJar() throws IOException {
    Path target = Distro.REPO_ROOT.resolve("examples/plugin/target");
    assertThat(target).as("examples/plugin is built (mvn -pl examples/plugin package)").isDirectory();
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars = files.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("example-plugin-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
            && !n.endsWith("-tests.jar");
      }).toList();
      assertThat(jars).as("plugin jar in %s", target).hasSize(1);
      return jars.get(0);
    }
  }

  private Path pluginsDir() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("plugins"));
    Path jar = pluginJar();
    Files.copy(jar, dir.resolve(jar.getFileName()));
    return dir;
  }

  @Test
  void componentsShowsThePluginWithItsJarAsOrigin() throws Exception {
    Path dir = pluginsDir();
    Path jar = dir.resolve(pluginJar().getFileName());

    Distro.Result r = Distro.run(tmp, "components", "--plugins", dir.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("  - name: heartbeat\n    origin: " + jar + "\n    stability:\n      logs: Development\n");
    // Without the folder the distro does not know the type.
    assertThat(Distro.run(tmp, "components").out()).doesNotContain("heartbeat");
  }

  @Test
  void aMissingPluginsFolderIsAnError() throws Exception {
    Path missing = tmp.resolve("nope");
    assertThat(Distro.run(tmp, "components", "--plugins", missing.toString())).isEqualTo(new Distro.Result(1, "",
        "Error: plugins folder " + missing + " (from --plugins) does not exist or is not a folder\n"));
  }

  @Test
  void heartbeatsFlowThroughAPipelineWithThePluginFromTheEnvironment() throws Exception {
    Path dir = pluginsDir();
    int health = Distro.freePort();
    Path out = tmp.resolve("heartbeats.jsonl");
    String exporter = DistroIT.FILE_EXPORTER
        ? "  file:\n    path: " + out + "\n    flush_interval: 100ms\n"
        : "  debug:\n    verbosity: detailed\n";
    String exporterId = DistroIT.FILE_EXPORTER ? "file" : "debug";
    Path config = tmp.resolve("heartbeat.yaml");
    Files.writeString(config, String.join("\n",
        "extensions:",
        "  health_check:",
        "    endpoint: 127.0.0.1:" + health,
        "receivers:",
        "  heartbeat:",
        "    interval: 100ms",
        "    message: plugin says hi",
        "exporters:",
        exporter,
        "service:",
        "  extensions: [health_check]",
        "  telemetry:",
        "    metrics:",
        "      level: none",
        "  pipelines:",
        "    logs:",
        "      receivers: [heartbeat]",
        "      exporters: [" + exporterId + "]",
        ""), StandardCharsets.UTF_8);

    try (Distro.Running c = Distro.start(tmp, Map.of(Cli.PLUGINS_ENV, dir.toString()), "--config", config.toString())) {
      Distro.awaitHealthy(c, "http://127.0.0.1:" + health + "/");
      assertThat(Distro.await(Duration.ofSeconds(15), () -> {
        String s = DistroIT.exported(c, out);
        return s.contains("plugin says hi") && count(s, "heartbeat.seq") >= 3;
      })).as("three heartbeats reach the exporter; stderr:%n%s", Distro.read(c.err)).isTrue();
      assertThat(DistroIT.exported(c, out)).contains("host.name");
      assertThat(c.terminate(Duration.ofSeconds(20))).as(c.err()).isZero();
      assertThat(c.err()).contains("Shutdown complete.");
    }
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
