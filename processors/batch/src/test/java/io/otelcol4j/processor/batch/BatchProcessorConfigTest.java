package io.otelcol4j.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchProcessorConfigTest {
  private final BatchProcessorFactory factory = new BatchProcessorFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "processors.batch", problems);
    BatchProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(BatchProcessorConfig.defaults()).isEqualTo(factory.createDefaultConfig());
    assertThat(config).isEqualTo(new BatchProcessorConfig(Duration.ofMillis(200), 8192, 0, List.of(), 1000));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("batch"))).isEqualTo(BatchProcessorConfig.defaults());
    assertThat(bind(sections.get("batch/2")))
        .isEqualTo(new BatchProcessorConfig(Duration.ofSeconds(10), 10000, 11000, List.of("Tenant-ID", "region"), 10));
    assertThat(bind(sections.get("batch/immediate")))
        .isEqualTo(new BatchProcessorConfig(Duration.ZERO, 8192, 10000, List.of(), 1000));
    assertThat(problems.errors()).isEmpty();
  }

  /** One argument set per section of invalid_configs.yaml: the section name, then the exact problem. */
  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("batch/max_below_size",
            "processors.batch/max_below_size: send_batch_max_size must be greater or equal to send_batch_size"
                + " [invalid_configs.yaml:3]"),
        invalid("batch/negative_size",
            "processors.batch/negative_size.send_batch_size: -1 (expected: a non-negative integer)"
                + " [invalid_configs.yaml:6]"),
        invalid("batch/negative_timeout",
            "processors.batch/negative_timeout.timeout: \"-1s\" (expected: a non-negative duration, e.g. 5s)"
                + " [invalid_configs.yaml:8]"),
        invalid("batch/bad_timeout",
            "processors.batch/bad_timeout.timeout: \"soon\" (expected: a duration, e.g. 5s, 1m30s, 250ms)"
                + " [invalid_configs.yaml:10]"),
        invalid("batch/duplicate_metadata_key",
            "processors.batch/duplicate_metadata_key.metadata_keys: duplicate entry in metadata_keys: \"tenant\""
                + " (case-insensitive) [invalid_configs.yaml:12]"),
        invalid("batch/metadata_keys_not_a_list",
            "processors.batch/metadata_keys_not_a_list.metadata_keys: tenant (expected: a list of strings)"
                + " [invalid_configs.yaml:14]"),
        invalid("batch/negative_cardinality_limit",
            "processors.batch/negative_cardinality_limit.metadata_cardinality_limit: -5 (expected: a non-negative"
                + " integer) [invalid_configs.yaml:16]"),
        invalid("batch/unknown_key",
            "processors.batch/unknown_key.send_batch_sizes: unknown key; did you mean \"send_batch_size\"?"
                + " (expected one of: metadata_cardinality_limit, metadata_keys, send_batch_max_size,"
                + " send_batch_size, timeout) [invalid_configs.yaml:18]"));
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

  private BatchProcessorConfig bind(ConfigNode node) {
    BatchProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = BatchProcessorConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "processors", problems).entries();
    }
  }
}
