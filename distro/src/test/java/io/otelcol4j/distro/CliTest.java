package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Cli cli(Map<String, String> env, Path jarDir) {
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        env, jarDir);
  }

  private int exec(String... args) throws Exception {
    return cli(Map.of(), null).execute(Invocation.parse(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void version() throws Exception {
    assertThat(exec("version")).isZero();
    assertThat(out()).matches("otelcol4j version \\S+\\R");
  }

  @Test
  void help() throws Exception {
    assertThat(exec("--help")).isZero();
    assertThat(out()).isEqualTo(Invocation.USAGE + System.lineSeparator());
  }

  @Test
  void validatePrintsValidAndWarnings() throws Exception {
    Path config = write("c.yaml", String.join("\n",
        "receivers:",
        "  heartbeat:",
        "  heartbeat/unused:",
        "exporters:",
        "  debug:",
        "service:",
        "  telemetry:",
        "    metrics:",
        "      level: none",
        "  pipelines:",
        "    logs:",
        "      receivers: [heartbeat]",
        "      exporters: [debug]",
        ""));
    assertThat(exec("validate", "--config", config.toString())).isZero();
    assertThat(out()).isEqualTo("config is valid\n");
    assertThat(err()).isEqualTo("warning: receivers.heartbeat/unused: receiver \"heartbeat/unused\" is defined but not"
        + " used in any pipeline; it will not run [" + config + ":3]\n");
  }

  @Test
  void validateMergesConfigsAndAppliesSetsInOrder() throws Exception {
    Path base = write("base.yaml", "receivers:\n  heartbeat:\n    interval: 0s\nexporters:\n  debug:\n"
        + "service:\n  pipelines:\n    logs:\n      receivers: [heartbeat]\n      exporters: [debug]\n");
    Path fix = write("fix.yaml", "receivers:\n  heartbeat:\n    interval: 5s\n");
    assertThat(exec("validate", "--config", base.toString(), "--set", "receivers.heartbeat.interval=-5s")).isEqualTo(1);
    assertThat(err()).isEqualTo("receivers.heartbeat.interval: \"-5s\" (expected: a non-negative duration, e.g. 5s)"
        + " [--set receivers.heartbeat.interval:1]\n");
    out.reset();
    err.reset();
    assertThat(exec("validate", "--config", base.toString(), "--config", fix.toString())).isZero();
    assertThat(out()).isEqualTo("config is valid\n");
  }

  @Test
  void missingConfigFileIsAFailure() throws Exception {
    Path missing = tmp.resolve("missing.yaml");
    assertThat(exec("validate", "--config", missing.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("Error: cannot read config file " + missing + ": no such file\n");
  }

  @Test
  void pluginsFolderComesFromFlagThenEnvironmentThenNextToTheJar() throws Exception {
    Path flag = Files.createDirectories(tmp.resolve("flag"));
    Path envDir = Files.createDirectories(tmp.resolve("env"));
    Path jarDir = Files.createDirectories(tmp.resolve("dist"));
    Path nextToJar = Files.createDirectories(jarDir.resolve("plugins"));
    Map<String, String> env = Map.of(Cli.PLUGINS_ENV, envDir.toString());

    assertThat(cli(env, jarDir).pluginsDir(Invocation.parse("--plugins", flag.toString()))).isEqualTo(flag);
    assertThat(cli(env, jarDir).pluginsDir(Invocation.parse())).isEqualTo(envDir);
    assertThat(cli(Map.of(), jarDir).pluginsDir(Invocation.parse())).isEqualTo(nextToJar);
    assertThat(cli(Map.of(), tmp).pluginsDir(Invocation.parse())).isNull();
    assertThat(cli(Map.of(), null).pluginsDir(Invocation.parse())).isNull();
  }

  @Test
  void pluginsFolderFromTheEnvironmentMustExist() throws Exception {
    Path missing = tmp.resolve("none");
    int code = cli(Map.of(Cli.PLUGINS_ENV, missing.toString()), null).execute(Invocation.parse("components"));
    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("Error: plugins folder " + missing + " (from " + Cli.PLUGINS_ENV
        + ") does not exist or is not a folder\n");
  }
}
