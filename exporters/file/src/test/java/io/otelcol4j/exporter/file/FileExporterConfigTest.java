package io.otelcol4j.exporter.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.exporter.file.FileExporterConfig.Format;
import io.otelcol4j.exporter.file.FileExporterConfig.Rotation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileExporterConfigTest {
  private final FileExporterFactory factory = new FileExporterFactory();

  @Test
  void emptyConfigBindsToDefaultsAndReportsTheMissingPath() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "exporters.file", problems);
    FileExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).extracting(Object::toString)
        .containsExactly("exporters.file.path: path must be non-empty [empty.yaml:1]");
    assertThat(config).isEqualTo(factory.createDefaultConfig())
        .isEqualTo(new FileExporterConfig("", Format.JSON, false, null, Duration.ofSeconds(1)));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("file"))).isEqualTo(FileExporterConfig.of("./out.json"));
    assertThat(bind(sections.get("file/proto")))
        .isEqualTo(new FileExporterConfig("/var/log/otel/out.pb", Format.PROTO, true, null, Duration.ofSeconds(5)));
    assertThat(bind(sections.get("file/rotation")))
        .isEqualTo(new FileExporterConfig("./rotated.json", Format.JSON, false, new Rotation(10, 3, 3, true), Duration.ofSeconds(1)));
    assertThat(bind(sections.get("file/rotation_defaults")))
        .isEqualTo(new FileExporterConfig("./rotated.json", Format.JSON, false, new Rotation(100, 0, 100, false), Duration.ofSeconds(1)));
    assertThat(bind(sections.get("file/zero_flush_interval"))).isEqualTo(FileExporterConfig.of("./out.json"));
    assertThat(problems.errors()).isEmpty();
  }

  /** One argument set per section of invalid_configs.yaml: the section name, then the exact problem. */
  static Stream<Arguments> invalidConfigs() {
    String known = "(expected one of: append, flush_interval, format, path, rotation)";
    return Stream.of(
        invalid("file/bad_format",
            "exporters.file/bad_format.format: format type \"xml\" is not supported (expected: one of json, proto)"
                + " [invalid_configs.yaml:4]"),
        invalid("file/append_and_rotation",
            "exporters.file/append_and_rotation: append and rotation enabled at the same time is not supported"
                + " [invalid_configs.yaml:6]"),
        invalid("file/negative_backups",
            "exporters.file/negative_backups.rotation.max_backups: -1 (expected: a non-negative integer)"
                + " [invalid_configs.yaml:13]"),
        invalid("file/negative_flush_interval",
            "exporters.file/negative_flush_interval.flush_interval: \"-1s\" (expected: a non-negative duration, e.g. 5s)"
                + " [invalid_configs.yaml:16]"),
        invalid("file/compression",
            "exporters.file/compression.compression: unknown key " + known + " [invalid_configs.yaml:19]"),
        invalid("file/group_by",
            "exporters.file/group_by.group_by: unknown key " + known + " [invalid_configs.yaml:23]"),
        invalid("file/rotation_unknown_key",
            "exporters.file/rotation_unknown_key.rotation.max_megabyte: unknown key; did you mean \"max_megabytes\"? (expected one of:"
                + " localtime, max_backups, max_days, max_megabytes) [invalid_configs.yaml:27]"));
  }

  private static Arguments invalid(String section, String expected) {
    return Arguments.argumentSet(section, section, expected);
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidConfigIsReportedExactly(String section, String expected) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = sections("invalid_configs.yaml", problems).get(section);
    assertThat(node).as(section).isNotNull();
    bind(node);

    assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(expected);
  }

  private FileExporterConfig bind(ConfigNode node) {
    FileExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = FileExporterConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "exporters", problems).entries();
    }
  }
}
