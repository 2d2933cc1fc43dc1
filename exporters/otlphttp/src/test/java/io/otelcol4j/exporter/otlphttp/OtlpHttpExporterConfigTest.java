package io.otelcol4j.exporter.otlphttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.Signal;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.exporter.otlphttp.OtlpHttpExporterConfig.Encoding;
import io.otelcol4j.exporter.otlphttp.OtlpHttpExporterConfig.Tls;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpHttpExporterConfigTest {
  private final OtlpHttpExporterFactory factory = new OtlpHttpExporterFactory();

  @Test
  void emptyConfigBindsToDefaultsAndReportsTheMissingEndpoint() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "exporters.otlphttp", problems);
    OtlpHttpExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).extracting(Object::toString)
        .containsExactly("exporters.otlphttp.endpoint: at least one endpoint must be specified [empty.yaml:1]");
    assertThat(config).isEqualTo(factory.createDefaultConfig()).isEqualTo(OtlpHttpExporterConfig.of(""))
        .isEqualTo(new OtlpHttpExporterConfig("", "", "", "", Encoding.PROTO, "gzip", Map.of(), Tls.defaults(), 0, 512 * 1024,
            new ExporterHelperConfig(new TimeoutConfig(Duration.ofSeconds(30)), RetryConfig.defaults(), QueueConfig.defaults())));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("otlphttp"))).isEqualTo(OtlpHttpExporterConfig.of("https://otelcol:4318"));
    OtlpHttpExporterConfig full = bind(sections.get("otlphttp/full"));
    assertThat(full).isEqualTo(new OtlpHttpExporterConfig(
        "https://backend.example.com:4318/base/",
        "https://traces.example.com/v1/traces",
        "http://metrics.example.com:4318/v1/metrics",
        "https://logs.example.com/custom/logs",
        Encoding.JSON,
        "none",
        Map.of("x-tenant", "acme", "header1", "234"),
        new Tls(false, true, "/var/lib/mycert.pem", "/var/lib/client.pem", "/var/lib/client-key.pem", "backend.internal"),
        123,
        1024 * 1024,
        new ExporterHelperConfig(new TimeoutConfig(Duration.ofSeconds(10)), RetryConfig.disabled(),
            new QueueConfig(true, 2, 10, QueueConfig.DEFAULT_SIZER, false, false, null, null))));
    OtlpHttpExporterConfig tracesOnly = bind(sections.get("otlphttp/traces_only"));
    assertThat(tracesOnly).isEqualTo(OtlpHttpExporterConfig.of("").withSignalEndpoints("http://127.0.0.1:4318/v1/traces", "", ""));
    assertThat(problems.errors()).isEmpty();

    assertThat(OtlpHttpExporterConfig.of("https://otelcol:4318/base/").url(Signal.METRICS))
        .isEqualTo(URI.create("https://otelcol:4318/base/v1/metrics"));
    assertThat(full.url(Signal.LOGS)).isEqualTo(URI.create("https://logs.example.com/custom/logs"));
    assertThat(tracesOnly.url(Signal.METRICS)).isNull();
  }

  static Stream<Arguments> invalidConfigs() {
    String url = " (expected: an http:// or https:// URL, e.g. https://otelcol:4318)";
    return Stream.of(
        invalid("otlphttp/no_endpoint",
            "exporters.otlphttp/no_endpoint.endpoint: at least one endpoint must be specified [invalid_configs.yaml:3]"),
        invalid("otlphttp/bad_scheme",
            "exporters.otlphttp/bad_scheme.endpoint: \"ftp://otelcol:4318\": unsupported protocol scheme \"ftp\"" + url
                + " [invalid_configs.yaml:5]"),
        invalid("otlphttp/no_host",
            "exporters.otlphttp/no_host.logs_endpoint: \"http:///v1/logs\": no host in URL" + url + " [invalid_configs.yaml:7]"),
        invalid("otlphttp/bad_encoding",
            "exporters.otlphttp/bad_encoding.encoding: \"xml\" (expected: one of proto, json) [invalid_configs.yaml:10]"),
        invalid("otlphttp/zstd",
            "exporters.otlphttp/zstd.compression: \"zstd\" is not supported (expected: one of gzip, none) [invalid_configs.yaml:13]"),
        invalid("otlphttp/negative_timeout",
            "exporters.otlphttp/negative_timeout.timeout: \"-1s\" (expected: a non-negative duration, e.g. 5s)"
                + " [invalid_configs.yaml:16]"),
        invalid("otlphttp/key_without_cert",
            "exporters.otlphttp/key_without_cert.tls: for auth via TLS, provide both certificate and key, or neither"
                + " (expected: cert_file and key_file together) [invalid_configs.yaml:20]"),
        invalid("otlphttp/bad_buffer",
            "exporters.otlphttp/bad_buffer.write_buffer_size: \"lots\" (expected: a size in bytes, e.g. 1048576 or 1MiB)"
                + " [invalid_configs.yaml:23]"),
        invalid("otlphttp/unknown_key",
            "exporters.otlphttp/unknown_key.trace_endpoint: unknown key; did you mean \"traces_endpoint\"? (expected one of:"
                + " compression, encoding, endpoint, headers, logs_endpoint, metrics_endpoint, read_buffer_size,"
                + " retry_on_failure, sending_queue, timeout, tls, traces_endpoint, write_buffer_size)"
                + " [invalid_configs.yaml:26]"));
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

  private OtlpHttpExporterConfig bind(ConfigNode node) {
    OtlpHttpExporterConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = OtlpHttpExporterConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "exporters", problems).entries();
    }
  }
}
