package io.otelcol4j.exporter.prometheusremotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;
import io.otelcol4j.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Tls;
import io.otelcol4j.exporterhelper.RetryConfig;
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

class PrometheusRemoteWriteExporterConfigTest {
  private final PrometheusRemoteWriteExporterFactory factory = new PrometheusRemoteWriteExporterFactory();

  @Test
  void emptyConfigBindsToDefaultsAndReportsTheMissingEndpoint() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "exporters.prometheusremotewrite", problems);
    PrometheusRemoteWriteExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).extracting(Object::toString).containsExactly(
        "exporters.prometheusremotewrite.endpoint: missing (expected: the remote-write URL, e.g."
            + " http://prometheus:9090/api/v1/write) [empty.yaml:1]");
    assertThat(config).isEqualTo(factory.createDefaultConfig()).isEqualTo(PrometheusRemoteWriteExporterConfig.defaults());
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("prometheusremotewrite")))
        .isEqualTo(PrometheusRemoteWriteExporterConfig.of("http://prometheus:9090/api/v1/write"));
    assertThat(bind(sections.get("prometheusremotewrite/all"))).isEqualTo(new PrometheusRemoteWriteExporterConfig(
        "https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write", "app",
        Map.of("cluster", "prod", "region", "us-west-2"), Map.of("X-Scope-OrgID", "tenant-1"), Duration.ofSeconds(10),
        new Tls("/etc/ssl/ca.pem", "", "", false, "1.3"), ComponentId.of("sigv4auth"), true, false, true, true, false,
        1_048_576, new RemoteWriteQueue(true, 2000, 10),
        new RetryConfig(true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(1), Duration.ofMinutes(1)),
        ComponentId.of("file_storage", "prw"), null));
    PrometheusRemoteWriteExporterConfig wal = bind(sections.get("prometheusremotewrite/wal"));
    assertThat(wal.walDirectory()).isEqualTo("/var/lib/otel/wal");
    assertThat(wal.queueStorage()).isNull();
    assertThat(wal.remoteWriteQueue()).isEqualTo(RemoteWriteQueue.defaults());
    assertThat(problems.errors()).isEmpty();
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("prometheusremotewrite/no_endpoint", "exporters.prometheusremotewrite/no_endpoint.endpoint: missing"
            + " (expected: the remote-write URL, e.g. http://prometheus:9090/api/v1/write) [invalid_configs.yaml:3]"),
        invalid("prometheusremotewrite/bad_endpoint", "exporters.prometheusremotewrite/bad_endpoint.endpoint:"
            + " \"ftp://prometheus/api/v1/write\" is not a valid URL: the scheme must be http or https (expected: an http"
            + " or https URL, e.g. http://prometheus:9090/api/v1/write) [invalid_configs.yaml:5]"),
        invalid("prometheusremotewrite/negative_queue_size", "exporters.prometheusremotewrite/negative_queue_size"
            + ".remote_write_queue.queue_size: remote write queue size can't be negative [invalid_configs.yaml:9]"),
        invalid("prometheusremotewrite/zero_queue_size", "exporters.prometheusremotewrite/zero_queue_size"
            + ".remote_write_queue.queue_size: a 0 size queue will drop all the data [invalid_configs.yaml:13]"),
        invalid("prometheusremotewrite/negative_consumers", "exporters.prometheusremotewrite/negative_consumers"
            + ".remote_write_queue.num_consumers: remote write consumer number can't be negative [invalid_configs.yaml:17]"),
        invalid("prometheusremotewrite/zero_batch_size", "exporters.prometheusremotewrite/zero_batch_size"
            + ".max_batch_size_bytes: max_batch_byte_size must be greater than 0 [invalid_configs.yaml:20]"),
        invalid("prometheusremotewrite/huge_batch_size", "exporters.prometheusremotewrite/huge_batch_size"
            + ".max_batch_size_bytes: max_batch_byte_size must be less than 256MB [invalid_configs.yaml:23]"),
        invalid("prometheusremotewrite/empty_external_label", "exporters.prometheusremotewrite/empty_external_label"
            + ".external_labels: prometheus remote write: external labels configuration contains an empty key or value"
            + " [invalid_configs.yaml:27]"),
        invalid("prometheusremotewrite/wal_without_directory", "exporters.prometheusremotewrite/wal_without_directory"
            + ".wal.directory: wal.directory must be set (expected: a directory for the persistent queue)"
            + " [invalid_configs.yaml:31]"),
        invalid("prometheusremotewrite/wal_and_storage", "exporters.prometheusremotewrite/wal_and_storage.wal: both"
            + " wal and sending_queue.storage make the queue persistent (expected: one of them) [invalid_configs.yaml:46]"),
        invalid("prometheusremotewrite/wal_without_queue", "exporters.prometheusremotewrite/wal_without_queue.wal: wal"
            + " is set but remote_write_queue.enabled is false (expected: an enabled queue to persist)"
            + " [invalid_configs.yaml:54]"),
        invalid("prometheusremotewrite/cert_without_key", "exporters.prometheusremotewrite/cert_without_key.tls: for"
            + " auth via TLS, provide both certificate and key, or neither [invalid_configs.yaml:35]"),
        invalid("prometheusremotewrite/sending_queue_num_consumers",
            "exporters.prometheusremotewrite/sending_queue_num_consumers.sending_queue.num_consumers: unknown key"
                + " (expected one of: storage) [invalid_configs.yaml:39]"),
        invalid("prometheusremotewrite/typo", "exporters.prometheusremotewrite/typo.namespce: unknown key; did you mean"
            + " \"namespace\"? (expected one of: add_metric_suffixes, auth, endpoint, export_created_metric,"
            + " external_labels, headers, max_batch_size_bytes, namespace, remote_write_queue,"
            + " resource_to_telemetry_conversion, retry_on_failure, send_metadata, sending_queue, target_info, timeout,"
            + " tls, wal) [invalid_configs.yaml:42]"));
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

  private PrometheusRemoteWriteExporterConfig bind(ConfigNode node) {
    PrometheusRemoteWriteExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = PrometheusRemoteWriteExporterConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "exporters", problems).entries();
    }
  }
}
