package io.otelcol4j.processor.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.prometheus.relabel.Action;
import io.otelcol4j.prometheus.relabel.RelabelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelProcessorConfigTest {
  private static final RelabelConfig BASE = RelabelConfig.defaults();
  private final RelabelProcessorFactory factory = new RelabelProcessorFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "processors.relabel", problems);
    RelabelProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(RelabelProcessorConfig.defaults()).isEqualTo(factory.createDefaultConfig())
        .isEqualTo(new RelabelProcessorConfig(List.of()));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("relabel"))).isEqualTo(RelabelProcessorConfig.defaults());
    assertThat(bind(sections.get("relabel/rename"))).isEqualTo(new RelabelProcessorConfig(List.of(
        BASE.withSourceLabels("__name__").withRegex("old_(.*)").withTargetLabel("__name__").withReplacement("new_${1}"),
        BASE.withRegex("tmp_.*").withAction(Action.LABELDROP))));
    assertThat(bind(sections.get("relabel/shard"))).isEqualTo(new RelabelProcessorConfig(List.of(
        BASE.withSourceLabels("instance").withTargetLabel("__tmp_hash").withModulus(4).withAction(Action.HASHMOD),
        BASE.withSourceLabels("__tmp_hash").withRegex("1").withAction(Action.KEEP))));
    assertThat(problems.errors()).isEmpty();
  }

  static Stream<Arguments> invalidConfigs() {
    String p = "processors.";
    return Stream.of(
        invalid("relabel/not_a_list", p + "relabel/not_a_list.metric_relabel_configs: keep (expected: a list)"
            + " [invalid_configs.yaml:3]"),
        invalid("relabel/rule_not_a_map", p + "relabel/rule_not_a_map.metric_relabel_configs[0]: \"keep\" (expected:"
            + " a map of source_labels, separator, regex, modulus, target_label, replacement, action)"
            + " [invalid_configs.yaml:6]"),
        invalid("relabel/missing_target", p + "relabel/missing_target.metric_relabel_configs[0]: relabel"
            + " configuration for replace action requires 'target_label' value [invalid_configs.yaml:9]"),
        invalid("relabel/lookbehind", p + "relabel/lookbehind.metric_relabel_configs[0].regex: error parsing regexp:"
            + " invalid or unsupported Perl syntax: `(?<=` (lookbehind is not supported; Prometheus uses Go's RE2"
            + " syntax) [invalid_configs.yaml:13]"),
        invalid("relabel/unknown_action", p + "relabel/unknown_action.metric_relabel_configs[0].action: unknown"
            + " relabel action \"rename\" [invalid_configs.yaml:17]"),
        invalid("relabel/second_rule_invalid", p + "relabel/second_rule_invalid.metric_relabel_configs[1]: relabel"
            + " configuration for hashmod requires non-zero modulus [invalid_configs.yaml:22]"),
        invalid("relabel/unknown_key", p + "relabel/unknown_key.metric_relabel_config: unknown key; did you mean"
            + " \"metric_relabel_configs\"? (expected one of: metric_relabel_configs) [invalid_configs.yaml:26]"),
        invalid("relabel/unknown_rule_key", p + "relabel/unknown_rule_key.metric_relabel_configs[0].source_label:"
            + " unknown key; did you mean \"source_labels\"? (expected one of: action, modulus, regex, replacement,"
            + " separator, source_labels, target_label) [invalid_configs.yaml:29]"));
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

  private RelabelProcessorConfig bind(ConfigNode node) {
    RelabelProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = RelabelProcessorConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "processors", problems).entries();
    }
  }
}
