package io.otelcol4j.processor.k8sattributes;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Association;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.AuthType;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Extract;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.FieldExtract;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.FieldFilter;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Filter;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Source;
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

class K8sAttributesProcessorConfigTest {
  private final K8sAttributesProcessorFactory factory = new K8sAttributesProcessorFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "processors.k8sattributes", problems);
    K8sAttributesProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(K8sAttributesProcessorConfig.defaults()).isEqualTo(factory.createDefaultConfig());
    assertThat(config).isEqualTo(new K8sAttributesProcessorConfig(AuthType.SERVICE_ACCOUNT, "", false,
        new Extract(List.of("k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.start_time",
            "k8s.deployment.name", "k8s.node.name", "container.image.name", "container.image.tag"), List.of(),
            List.of(), false),
        new Filter("", "", "", List.of(), List.of()), List.of(), List.of("jaeger-agent", "jaeger-collector"), false,
        Duration.ofSeconds(10)));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("k8sattributes"))).isEqualTo(K8sAttributesProcessorConfig.defaults());
    assertThat(bind(sections.get("k8sattributes/2"))).isEqualTo(new K8sAttributesProcessorConfig(
        AuthType.KUBE_CONFIG, "staging", false,
        new Extract(List.of("k8s.pod.name", "k8s.pod.uid", "k8s.deployment.name", "k8s.namespace.name",
            "k8s.node.name", "k8s.pod.start_time", "k8s.cronjob.name"),
            List.of(new FieldExtract("$$1", "", "kubernetes.io/(.*)", "pod"),
                new FieldExtract("", "label1", "", "node")),
            List.of(new FieldExtract("a1", "annotation-one", "", "pod"),
                new FieldExtract("a2", "annotation-two", "", "namespace")),
            true),
        new Filter("", "K8S_NODE_NAME", "ns2", List.of(new FieldFilter("status.phase", "Running", "equals")),
            List.of(new FieldFilter("key1", "value1", "equals"), new FieldFilter("key2", "value2", "not-equals"),
                new FieldFilter("key3", "", "exists"))),
        List.of(new Association(List.of(new Source("resource_attribute", "k8s.pod.ip"))),
            new Association(List.of(new Source("resource_attribute", "k8s.pod.name"),
                new Source("resource_attribute", "k8s.namespace.name"))),
            new Association(List.of(new Source("connection", "")))),
        List.of("jaeger-.*", "otel-agent"), true, Duration.ofSeconds(30)));
    assertThat(problems.errors()).isEmpty();
  }

  /** One argument set per section of invalid_configs.yaml: the section name, then the exact problem. */
  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("k8sattributes/bad_auth_type",
            "processors.k8sattributes/bad_auth_type.auth_type: \"token\" (expected: one of none, serviceAccount,"
                + " kubeConfig) [invalid_configs.yaml:3]"),
        invalid("k8sattributes/bad_metadata",
            "processors.k8sattributes/bad_metadata.extract.metadata: \"k8s.pod.colour\" is not a supported metadata"
                + " field [invalid_configs.yaml:7]"),
        invalid("k8sattributes/key_and_key_regex",
            "processors.k8sattributes/key_and_key_regex.extract.labels[0]: Out of Key or KeyRegex only one option is"
                + " expected to be configured at a time, currently Key:app and KeyRegex:app.*"
                + " [invalid_configs.yaml:12]"),
        invalid("k8sattributes/bad_from",
            "processors.k8sattributes/bad_from.extract.annotations[0].from: deployment is not a valid choice for From."
                + " Must be one of: pod, namespace, node [invalid_configs.yaml:18]"),
        invalid("k8sattributes/bad_key_regex",
            "processors.k8sattributes/bad_key_regex.extract.labels[0].key_regex: \"a(\" (expected: a valid regular"
                + " expression: Unclosed group) [invalid_configs.yaml:22]"),
        invalid("k8sattributes/bad_label_filter_op",
            "processors.k8sattributes/bad_label_filter_op.filter.labels[0].op: 'matches' is not a valid label filter"
                + " operation for key=app, value=web [invalid_configs.yaml:28]"),
        invalid("k8sattributes/bad_field_filter_op",
            "processors.k8sattributes/bad_field_filter_op.filter.fields[0].op: 'exists' is not a valid label filter"
                + " operation for key=status.phase, value=Running [invalid_configs.yaml:34]"),
        invalid("k8sattributes/too_many_sources",
            "processors.k8sattributes/too_many_sources.pod_association[0].sources: too many association sources."
                + " limit is 4 [invalid_configs.yaml:38]"),
        invalid("k8sattributes/bad_source_from",
            "processors.k8sattributes/bad_source_from.pod_association[0].sources[0].from: \"header\" (expected: one"
                + " of connection, resource_attribute) [invalid_configs.yaml:50]"),
        invalid("k8sattributes/source_without_name",
            "processors.k8sattributes/source_without_name.pod_association[0].sources[0].name: missing (expected: the"
                + " resource attribute to match, e.g. k8s.pod.uid) [invalid_configs.yaml:54]"),
        invalid("k8sattributes/negative_timeout",
            "processors.k8sattributes/negative_timeout.wait_for_metadata_timeout: \"-1s\" (expected: a non-negative"
                + " duration, e.g. 5s) [invalid_configs.yaml:56]"),
        invalid("k8sattributes/unknown_key",
            "processors.k8sattributes/unknown_key.passtrough: unknown key; did you mean \"passthrough\"? (expected one"
                + " of: auth_type, context, exclude, extract, filter, passthrough, pod_association, wait_for_metadata,"
                + " wait_for_metadata_timeout) [invalid_configs.yaml:58]"));
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

  private K8sAttributesProcessorConfig bind(ConfigNode node) {
    K8sAttributesProcessorConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = K8sAttributesProcessorConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "processors", problems).entries();
    }
  }
}
