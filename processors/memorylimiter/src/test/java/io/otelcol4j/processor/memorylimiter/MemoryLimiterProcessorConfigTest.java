package io.otelcol4j.processor.memorylimiter;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
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

class MemoryLimiterProcessorConfigTest {
  private final MemoryLimiterProcessorFactory factory = new MemoryLimiterProcessorFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "processors.memory_limiter", problems);
    MemoryLimiterProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(MemoryLimiterProcessorConfig.defaults()).isEqualTo(factory.createDefaultConfig());
    assertThat(config).isEqualTo(new MemoryLimiterProcessorConfig(Duration.ofSeconds(1), Duration.ofSeconds(10),
        Duration.ZERO, 0, 0, 80, 0));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("memory_limiter"))).isEqualTo(MemoryLimiterProcessorConfig.defaults());
    assertThat(bind(sections.get("memory_limiter/fixed"))).isEqualTo(new MemoryLimiterProcessorConfig(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO, 4000, 500, 80, 0));
    assertThat(bind(sections.get("memory_limiter/percentage"))).isEqualTo(new MemoryLimiterProcessorConfig(
        Duration.ofMillis(250), Duration.ofSeconds(20), Duration.ofSeconds(2), 0, 0, 50, 10));
    assertThat(bind(sections.get("memory_limiter/fixed_with_spike_percentage"))).isEqualTo(
        new MemoryLimiterProcessorConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO, 100, 10, 80, 90));
    assertThat(problems.errors()).isEmpty();
  }

  /** One argument set per section of invalid_configs.yaml: the section name, then the exact problem. */
  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("memory_limiter/zero_check_interval",
            "processors.memory_limiter/zero_check_interval.check_interval: 'check_interval' must be greater than zero"
                + " [invalid_configs.yaml:3]"),
        invalid("memory_limiter/negative_check_interval",
            "processors.memory_limiter/negative_check_interval.check_interval: \"-1s\" (expected: a non-negative"
                + " duration, e.g. 5s) [invalid_configs.yaml:6]"),
        invalid("memory_limiter/no_limit",
            "processors.memory_limiter/no_limit: 'limit_mib' or 'limit_percentage' must be greater than zero"
                + " [invalid_configs.yaml:8]"),
        invalid("memory_limiter/spike_not_below_limit",
            "processors.memory_limiter/spike_not_below_limit: 'spike_limit_mib' must be smaller than 'limit_mib'"
                + " [invalid_configs.yaml:11]"),
        invalid("memory_limiter/spike_percentage_not_below_limit",
            "processors.memory_limiter/spike_percentage_not_below_limit: 'spike_limit_percentage' must be smaller"
                + " than 'limit_percentage' [invalid_configs.yaml:14]"),
        invalid("memory_limiter/percentage_over_hundred",
            "processors.memory_limiter/percentage_over_hundred: 'limit_percentage' and 'spike_limit_percentage' must"
                + " be greater than zero and less than or equal to hundred [invalid_configs.yaml:17]"),
        invalid("memory_limiter/gc_intervals_inconsistent",
            "processors.memory_limiter/gc_intervals_inconsistent: 'min_gc_interval_when_soft_limited' should be"
                + " larger than 'min_gc_interval_when_hard_limited' [invalid_configs.yaml:19]"),
        invalid("memory_limiter/negative_limit",
            "processors.memory_limiter/negative_limit.limit_mib: -1 (expected: a non-negative integer)"
                + " [invalid_configs.yaml:22]"),
        invalid("memory_limiter/unknown_key",
            "processors.memory_limiter/unknown_key.limit_mb: unknown key; did you mean \"limit_mib\"? (expected one"
                + " of: check_interval, limit_mib, limit_percentage, min_gc_interval_when_hard_limited,"
                + " min_gc_interval_when_soft_limited, spike_limit_mib, spike_limit_percentage)"
                + " [invalid_configs.yaml:24]"));
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

  private MemoryLimiterProcessorConfig bind(ConfigNode node) {
    MemoryLimiterProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = MemoryLimiterProcessorConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "processors", problems).entries();
    }
  }
}
