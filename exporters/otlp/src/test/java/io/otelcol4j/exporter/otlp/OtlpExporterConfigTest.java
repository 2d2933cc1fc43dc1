package io.otelcol4j.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.exporter.otlp.OtlpExporterConfig.Keepalive;
import io.otelcol4j.exporter.otlp.OtlpExporterConfig.Tls;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
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

class OtlpExporterConfigTest {
  private final OtlpExporterFactory factory = new OtlpExporterFactory();

  @Test
  void emptyConfigBindsToDefaultsAndReportsTheMissingEndpoint() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "exporters.otlp", problems);
    OtlpExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).extracting(Object::toString)
        .containsExactly("exporters.otlp.endpoint: requires a non-empty \"endpoint\" [empty.yaml:1]");
    assertThat(config).isEqualTo(factory.createDefaultConfig()).isEqualTo(OtlpExporterConfig.of(""))
        .isEqualTo(new OtlpExporterConfig("", new Tls(false, false, "", "", "", ""), Map.of(), "gzip",
            new Keepalive(Duration.ofSeconds(10), Duration.ofSeconds(10), false), "round_robin", null,
            ExporterHelperConfig.defaults()));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("otlp"))).isEqualTo(OtlpExporterConfig.of("otelcol:4317"));
    assertThat(bind(sections.get("otlp/full"))).isEqualTo(new OtlpExporterConfig(
        "https://backend.example.com:4317",
        new Tls(false, true, "/var/lib/mycert.pem", "/var/lib/client.pem", "/var/lib/client-key.pem", "backend.internal"),
        Map.of("can you have a . here?", "F0000000-0000-0000-0000-000000000000", "header1", "234", "another", "somevalue"),
        "none",
        new Keepalive(Duration.ofSeconds(20), Duration.ofSeconds(30), true),
        "pick_first",
        ComponentId.of("nop"),
        new ExporterHelperConfig(
            new TimeoutConfig(Duration.ofSeconds(10)),
            new RetryConfig(true, Duration.ofSeconds(10), 0.7, 1.3, Duration.ofSeconds(60), Duration.ofMinutes(10)),
            new QueueConfig(true, 2, 10, QueueConfig.DEFAULT_SIZER, false, false, null, null))));
    assertThat(bind(sections.get("otlp/insecure"))).isEqualTo(
        OtlpExporterConfig.of("http://127.0.0.1:4317").withTls(Tls.plaintext()).withCompression("none"));
    assertThat(problems.errors()).isEmpty();
  }

  /** One argument set per section of invalid_configs.yaml: the section name, then the exact problem. */
  static Stream<Arguments> invalidConfigs() {
    String endpointHint = " (expected: host:port or http(s)://host:port, e.g. otelcol:4317)";
    return Stream.of(
        invalid("otlp/no_endpoint",
            "exporters.otlp/no_endpoint.endpoint: requires a non-empty \"endpoint\" [invalid_configs.yaml:3]"),
        invalid("otlp/missing_port",
            "exporters.otlp/missing_port.endpoint: \"otelcol\": missing port in address" + endpointHint
                + " [invalid_configs.yaml:5]"),
        invalid("otlp/invalid_port",
            "exporters.otlp/invalid_port.endpoint: invalid port \"port\"" + endpointHint + " [invalid_configs.yaml:7]"),
        invalid("otlp/https_invalid_port",
            "exporters.otlp/https_invalid_port.endpoint: invalid port \"70000\"" + endpointHint + " [invalid_configs.yaml:9]"),
        invalid("otlp/zstd",
            "exporters.otlp/zstd.compression: \"zstd\" is not supported (expected: one of gzip, none)"
                + " [invalid_configs.yaml:12]"),
        invalid("otlp/bad_balancer",
            "exporters.otlp/bad_balancer.balancer_name: \"weighted\" (expected: one of pick_first, round_robin)"
                + " [invalid_configs.yaml:15]"),
        invalid("otlp/cert_without_key",
            "exporters.otlp/cert_without_key.tls: for auth via TLS, provide both certificate and key, or neither"
                + " (expected: cert_file and key_file together) [invalid_configs.yaml:19]"),
        invalid("otlp/negative_timeout",
            "exporters.otlp/negative_timeout.timeout: \"-1s\" (expected: a non-negative duration, e.g. 5s)"
                + " [invalid_configs.yaml:22]"),
        invalid("otlp/bad_keepalive",
            "exporters.otlp/bad_keepalive.keepalive.time: \"soon\" (expected: a duration, e.g. 5s, 1m30s, 250ms)"
                + " [invalid_configs.yaml:26]"),
        invalid("otlp/unknown_key",
            "exporters.otlp/unknown_key.endpont: unknown key; did you mean \"endpoint\"? (expected one of: auth,"
                + " balancer_name, compression, endpoint, headers, keepalive, retry_on_failure, sending_queue, timeout,"
                + " tls) [invalid_configs.yaml:29]"),
        invalid("otlp/unknown_tls_key",
            "exporters.otlp/unknown_tls_key.tls.ca_pem: unknown key (expected one of:"
                + " ca_file, cert_file, insecure, insecure_skip_verify, key_file, server_name_override)"
                + " [invalid_configs.yaml:33]"));
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

  private OtlpExporterConfig bind(ConfigNode node) {
    OtlpExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = OtlpExporterConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "exporters", problems).entries();
    }
  }
}
