package io.otelcol4j.receiver.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InProcessReceiverConfigTest {
  private final InProcessReceiverFactory factory = new InProcessReceiverFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "receivers.inprocess", problems);
    InProcessReceiverConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(factory.createDefaultConfig()).isEqualTo(new InProcessReceiverConfig());
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("inprocess"))).isEqualTo(new InProcessReceiverConfig());
    assertThat(bind(sections.get("inprocess/app"))).isEqualTo(new InProcessReceiverConfig());
    assertThat(problems.errors()).isEmpty();
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(Arguments.argumentSet("inprocess/unknown_key", "inprocess/unknown_key",
        "receivers.inprocess/unknown_key.endpoint: unknown key (expected: no keys here) [invalid_configs.yaml:3]"));
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

  private InProcessReceiverConfig bind(ConfigNode node) {
    InProcessReceiverConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = InProcessReceiverConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "receivers", problems).entries();
    }
  }
}
