package io.otelcol4j.exporter.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.exporter.debug.DebugExporterConfig.Verbosity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DebugExporterConfigTest {
  private final DebugExporterFactory factory = new DebugExporterFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "exporters.debug", problems);
    DebugExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(DebugExporterConfig.defaults()).isEqualTo(factory.createDefaultConfig());
    assertThat(config).isEqualTo(new DebugExporterConfig(Verbosity.BASIC, 2, 1, true));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("debug"))).isEqualTo(DebugExporterConfig.defaults());
    assertThat(bind(sections.get("debug/detailed"))).isEqualTo(new DebugExporterConfig(Verbosity.DETAILED, 10, 50, true));
    assertThat(bind(sections.get("debug/stdout"))).isEqualTo(new DebugExporterConfig(Verbosity.NORMAL, 2, 1, false));
    assertThat(problems.errors()).isEmpty();
  }

  /** One argument set per section of invalid_configs.yaml: the section name, then the exact problem. */
  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("debug/bad_verbosity",
            "exporters.debug/bad_verbosity.verbosity: verbosity level \"verbose\" is not supported"
                + " (expected: one of basic, normal, detailed) [invalid_configs.yaml:3]"),
        invalid("debug/negative_initial",
            "exporters.debug/negative_initial.sampling_initial: -1 (expected: a non-negative integer)"
                + " [invalid_configs.yaml:5]"),
        invalid("debug/bad_thereafter",
            "exporters.debug/bad_thereafter.sampling_thereafter: \"often\" (expected: an integer)"
                + " [invalid_configs.yaml:7]"),
        invalid("debug/bad_internal_logger",
            "exporters.debug/bad_internal_logger.use_internal_logger: \"maybe\" (expected: true or false)"
                + " [invalid_configs.yaml:9]"),
        invalid("debug/unknown_key",
            "exporters.debug/unknown_key.verbosty: unknown key; did you mean \"verbosity\"? (expected one of:"
                + " sampling_initial, sampling_thereafter, use_internal_logger, verbosity) [invalid_configs.yaml:11]"));
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

  private DebugExporterConfig bind(ConfigNode node) {
    DebugExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = DebugExporterConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "exporters", problems).entries();
    }
  }
}
