package io.otelcol4j.prometheus.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
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

class RelabelConfigTest {
  private static final String RE2 = "; Prometheus uses Go's RE2 syntax)";

  @Test
  void emptyRuleBindsToPrometheusDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "relabel_configs[0]", problems);
    RelabelConfig config = RelabelConfig.from(node);
    node.reportUnknownKeys();

    assertThat(config).isEqualTo(RelabelConfig.defaults())
        .isEqualTo(new RelabelConfig(List.of(), ";", "(.*)", 0, "", "$1", Action.REPLACE));
    // As in Prometheus, the default action needs a target label.
    assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(
        "relabel_configs[0]: relabel configuration for replace action requires 'target_label' value [empty.yaml:1]");
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("defaults_with_target"))).isEqualTo(RelabelConfig.defaults().withTargetLabel("env"));
    assertThat(bind(sections.get("every_key"))).isEqualTo(new RelabelConfig(List.of("job", "__meta_dns_name"), "-",
        "(.*)some-[regex]", 0, "job", "foo-${1}", Action.REPLACE));
    assertThat(bind(sections.get("hashmod"))).isEqualTo(RelabelConfig.defaults().withSourceLabels("__address__")
        .withTargetLabel("__tmp_hash").withModulus(8).withAction(Action.HASHMOD));
    assertThat(bind(sections.get("labelmap"))).isEqualTo(RelabelConfig.defaults()
        .withRegex("__meta_kubernetes_pod_label_(.+)").withAction(Action.LABELMAP));
    // Prometheus (yaml.v2) sets a key written as null to its zero value, not its default.
    assertThat(bind(sections.get("null_values_are_zero_values"))).isEqualTo(
        new RelabelConfig(List.of(), "", "", 0, "abc", "", Action.REPLACE));
    assertThat(problems.errors()).isEmpty();
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("replace_without_target", "relabel_configs.replace_without_target: relabel configuration for replace"
            + " action requires 'target_label' value [invalid_configs.yaml:3]"),
        invalid("hashmod_without_modulus", "relabel_configs.hashmod_without_modulus: relabel configuration for hashmod"
            + " requires non-zero modulus [invalid_configs.yaml:5]"),
        invalid("lowercase_without_target", "relabel_configs.lowercase_without_target: relabel configuration for"
            + " lowercase action requires 'target_label' value [invalid_configs.yaml:9]"),
        invalid("lowercase_with_replacement", "relabel_configs.lowercase_with_replacement: 'replacement' can not be"
            + " set for lowercase action [invalid_configs.yaml:12]"),
        invalid("keepequal_with_regex", "relabel_configs.keepequal_with_regex: keepequal action requires only"
            + " 'source_labels' and `target_label`, and no other fields [invalid_configs.yaml:17]"),
        invalid("dropequal_with_separator", "relabel_configs.dropequal_with_separator: dropequal action requires only"
            + " 'source_labels' and `target_label`, and no other fields [invalid_configs.yaml:22]"),
        invalid("labeldrop_with_source_labels", "relabel_configs.labeldrop_with_source_labels: labeldrop action"
            + " requires only 'regex', and no other fields [invalid_configs.yaml:27]"),
        invalid("labelkeep_with_target", "relabel_configs.labelkeep_with_target: labelkeep action requires only"
            + " 'regex', and no other fields [invalid_configs.yaml:31]"),
        invalid("labelmap_with_empty_replacement", "relabel_configs.labelmap_with_empty_replacement: \"\" is invalid"
            + " 'replacement' for labelmap action [invalid_configs.yaml:35]"),
        invalid("unknown_action", "relabel_configs.unknown_action.action: unknown relabel action \"rename\""
            + " [invalid_configs.yaml:39]"),
        invalid("null_action", "relabel_configs.null_action: relabel action cannot be empty"
            + " [invalid_configs.yaml:41]"),
        invalid("backreference", "relabel_configs.backreference.regex: error parsing regexp: invalid escape"
            + " sequence: `\\1` (backreferences are not supported" + RE2 + " [invalid_configs.yaml:44]"),
        invalid("lookahead", "relabel_configs.lookahead.regex: error parsing regexp: invalid or unsupported Perl"
            + " syntax: `(?=` (lookahead is not supported" + RE2 + " [invalid_configs.yaml:47]"),
        invalid("possessive", "relabel_configs.possessive.regex: error parsing regexp: invalid nested repetition"
            + " operator: `*+` (possessive quantifiers are not supported" + RE2 + " [invalid_configs.yaml:50]"),
        invalid("unbalanced", "relabel_configs.unbalanced.regex: error parsing regexp: missing closing ): `(foo`"
            + " [invalid_configs.yaml:53]"),
        invalid("negative_modulus", "relabel_configs.negative_modulus.modulus: \"-1\" (expected: an unsigned 64-bit"
            + " integer) [invalid_configs.yaml:57]"),
        invalid("empty_source_label", "relabel_configs.empty_source_label.source_labels[0]: \"\" is not a valid"
            + " label name [invalid_configs.yaml:60]"),
        invalid("unknown_key", "relabel_configs.unknown_key.sourcelabels: unknown key; did you mean"
            + " \"source_labels\"? (expected one of: action, modulus, regex, replacement, separator, source_labels,"
            + " target_label) [invalid_configs.yaml:63]"));
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

  @Test
  void legacySchemeRefusesUtf8Names() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("source_labels: [a]\ntarget_label: service.name\n", "legacy.yaml", "r",
        problems);
    RelabelConfig.from(node, LabelNameScheme.LEGACY);

    assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(
        "r: \"service.name\" is invalid 'target_label' for replace action [legacy.yaml:1]");
  }

  @Test
  void legacySchemeAcceptsVariablesInTargetLabel() {
    assertThat(LabelNameScheme.LEGACY.isValidTemplate("${1}label")).isTrue();
    assertThat(LabelNameScheme.LEGACY.isValidTemplate("asd$2asd")).isTrue();
    assertThat(LabelNameScheme.LEGACY.isValidTemplate("foo${bar}foo")).isTrue();
    assertThat(LabelNameScheme.LEGACY.isValidTemplate("${")).isFalse();
    assertThat(LabelNameScheme.LEGACY.isValidTemplate("-foo${1}bar-")).isFalse();
    assertThat(LabelNameScheme.LEGACY.isValidTemplate("bar.foo${1}bar")).isFalse();
    assertThat(LabelNameScheme.UTF8.isValidTemplate("bar.foo${1}bar")).isTrue();
    assertThat(LabelNameScheme.UTF8.isValid("\uD800")).isFalse();
  }

  @Test
  void actionIsCaseInsensitive() {
    assertThat(Action.parse("LabelMap")).isEqualTo(Action.LABELMAP);
    assertThat(Action.parse("rename")).isNull();
  }

  @Test
  void relabelerValidatesProgrammaticRules() {
    assertThatThrownBy(() -> Relabeler.of(List.of(RelabelConfig.defaults().withTargetLabel("a"),
        RelabelConfig.defaults().withAction(Action.HASHMOD).withTargetLabel("h"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("relabel_configs[1]: relabel configuration for hashmod requires non-zero modulus");
    assertThatThrownBy(() -> Relabeler.of(List.of(RelabelConfig.defaults().withTargetLabel("a").withRegex("(a)\\1"))))
        .hasMessage("relabel_configs[0]: error parsing regexp: invalid escape sequence: `\\1` (backreferences are not"
            + " supported" + RE2);
  }

  private static RelabelConfig bind(ConfigNode node) {
    RelabelConfig config = RelabelConfig.from(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = RelabelConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "relabel_configs", problems).entries();
    }
  }
}
