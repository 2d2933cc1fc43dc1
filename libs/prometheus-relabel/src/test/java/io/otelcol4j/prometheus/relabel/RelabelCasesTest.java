package io.otelcol4j.prometheus.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of testdata/relabel_cases.yaml: Prometheus's own cases and documented behaviour. */
class RelabelCasesTest {
  record Case(Map<String, String> input, List<RelabelConfig> rules, Map<String, String> output, boolean drop) {}

  static Stream<Arguments> cases() throws IOException {
    String yaml;
    try (InputStream in = RelabelCasesTest.class.getResourceAsStream("/testdata/relabel_cases.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ConfigProblems problems = new ConfigProblems();
    ConfigNode root = ConfigNode.fromYaml(yaml, "relabel_cases.yaml", "", problems);
    List<Arguments> out = new ArrayList<>();
    for (ConfigNode c : root.list("cases")) {
      List<RelabelConfig> rules = new ArrayList<>();
      for (ConfigNode r : c.list("rules")) {
        rules.add(RelabelConfig.from(r));
      }
      Case k = new Case(c.stringMap("input"), rules, c.stringMap("output"), c.bool("drop", false));
      out.add(Arguments.argumentSet(c.string("name", "?"), k));
    }
    root.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    assertThat(out).hasSizeGreaterThanOrEqualTo(40);
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void relabelsAsPrometheus(Case c) {
    Relabeler relabeler = Relabeler.of(c.rules());
    LabelsBuilder labels = LabelsBuilder.of(c.input());

    boolean kept = relabeler.process(labels);

    assertThat(kept).as("kept").isEqualTo(!c.drop());
    if (kept) {
      assertThat(labels.toMap()).containsExactlyEntriesOf(LabelsBuilder.of(c.output()).toMap());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aReusedBuilderGivesTheSameResult(Case c) {
    Relabeler relabeler = Relabeler.of(c.rules());
    LabelsBuilder labels = new LabelsBuilder();
    for (int round = 0; round < 3; round++) {
      labels.reset();
      c.input().forEach(labels::set);
      boolean kept = relabeler.process(labels);
      assertThat(kept).isEqualTo(!c.drop());
      if (kept) {
        assertThat(labels.toMap()).isEqualTo(LabelsBuilder.of(c.output()).toMap());
      }
    }
  }
}
