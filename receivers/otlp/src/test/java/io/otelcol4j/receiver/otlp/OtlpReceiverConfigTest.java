package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpReceiverConfigTest {
  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = OtlpReceiverConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "receivers", problems).entries();
    }
  }

  private static OtlpReceiverConfig bind(String file, String section, ConfigProblems problems) throws IOException {
    ConfigNode node = sections(file, problems).get(section);
    assertThat(node).as(section).isNotNull();
    OtlpReceiverConfig c = OtlpReceiverConfig.from(node);
    node.reportUnknownKeys();
    return c;
  }

  @Test
  void emptyConfigIsTheDefaultWithBothProtocols() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode empty = ConfigNode.fromYaml("{}", "empty.yaml", "receivers.otlp", problems);
    OtlpReceiverConfig c = OtlpReceiverConfig.from(empty);
    empty.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    assertThat(c).isEqualTo(OtlpReceiverConfig.defaults()).isEqualTo(new OtlpReceiverFactory().createDefaultConfig());
    assertThat(c.grpc().endpoint()).isEqualTo("localhost:4317");
    assertThat(c.grpc().maxRecvMsgSizeMib()).isEqualTo(4);
    assertThat(c.grpc().readBufferSize()).isEqualTo(512 * 1024);
    assertThat(c.http().endpoint()).isEqualTo("localhost:4318");
    assertThat(c.http().tracesUrlPath()).isEqualTo("/v1/traces");
    assertThat(c.http().metricsUrlPath()).isEqualTo("/v1/metrics");
    assertThat(c.http().logsUrlPath()).isEqualTo("/v1/logs");
    assertThat(c.http().maxRequestBodySize()).isEqualTo(20L * 1024 * 1024);
    assertThat(c.http().cors()).isNull();
    assertThat(c.http().tls()).isNull();
  }

  @Test
  void everyKeyBinds() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    OtlpReceiverConfig c = bind("config.yaml", "otlp/all", problems);
    assertThat(problems.errors()).isEmpty();
    OtlpReceiverConfig.Tls grpcTls =
        new OtlpReceiverConfig.Tls("/etc/otel/server.crt", "/etc/otel/server.key", "/etc/otel/ca.crt", "1.3", "");
    OtlpReceiverConfig.Tls httpTls =
        new OtlpReceiverConfig.Tls("/etc/otel/server.crt", "/etc/otel/server.key", null, "1.2", "");
    assertThat(c).isEqualTo(new OtlpReceiverConfig(
        new OtlpReceiverConfig.Grpc("0.0.0.0:5317", 32, 16, 1024 * 1024, 64 * 1024,
            new OtlpReceiverConfig.Keepalive(
                new OtlpReceiverConfig.ServerParameters(Duration.ofSeconds(11), Duration.ofSeconds(12),
                    Duration.ofSeconds(13), Duration.ofSeconds(30), Duration.ofSeconds(5)),
                new OtlpReceiverConfig.EnforcementPolicy(Duration.ofSeconds(10), true)),
            grpcTls, true),
        new OtlpReceiverConfig.Http("[::1]:5318", "/traces", "/v2/metrics", "/custom/logs", 1024 * 1024,
            new OtlpReceiverConfig.Cors(List.of("https://*.example.com", "http://localhost:3000"),
                List.of("X-Custom-Header"), 7200),
            httpTls, true)));
  }

  @Test
  void protocolKeyWithoutValueEnablesOnlyThatProtocol() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    assertThat(bind("config.yaml", "otlp/only_grpc", problems))
        .isEqualTo(new OtlpReceiverConfig(OtlpReceiverConfig.Grpc.defaults(), null));
    assertThat(bind("config.yaml", "otlp/only_http_empty_map", problems))
        .isEqualTo(new OtlpReceiverConfig(null, OtlpReceiverConfig.Http.defaults()));
    assertThat(problems.errors()).isEmpty();
  }

  @Test
  void aConfigWithNeitherProtocolCannotBeBuilt() {
    assertThatThrownBy(() -> new OtlpReceiverConfig(null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must specify at least one protocol when using the OTLP receiver");
  }

  @Test
  void tlsVersionsBecomeJdkProtocolNames() {
    assertThat(new OtlpReceiverConfig.Tls("c", "k", null, "1.2", "").protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(new OtlpReceiverConfig.Tls("c", "k", null, "1.3", "1.3").protocols()).containsExactly("TLSv1.3");
  }

  static Stream<Arguments> invalidConfigs() {
    String r = "receivers.";
    return Stream.of(
        Arguments.argumentSet("no_protocols",
            r + "otlp/no_protocols.protocols: must specify at least one protocol when using the OTLP receiver"),
        Arguments.argumentSet("empty_protocols",
            r + "otlp/empty_protocols.protocols: must specify at least one protocol when using the OTLP receiver"),
        Arguments.argumentSet("unknown_protocol",
            r + "otlp/unknown_protocol.protocols: must specify at least one protocol when using the OTLP receiver\n"
                + r + "otlp/unknown_protocol.protocols.thrift: unknown key (expected one of: grpc, http)"),
        Arguments.argumentSet("bad_grpc_endpoint",
            r + "otlp/bad_grpc_endpoint.protocols.grpc.endpoint: \"localhost\" (expected: host:port, e.g. localhost:4317 or 127.0.0.1:0)"),
        Arguments.argumentSet("bad_http_port",
            r + "otlp/bad_http_port.protocols.http.endpoint: \"localhost:70000\" (expected: host:port, e.g. localhost:4317 or 127.0.0.1:0)"),
        Arguments.argumentSet("zero_recv_size",
            r + "otlp/zero_recv_size.protocols.grpc.max_recv_msg_size_mib: 0 (expected: a number of MiB between 1 and 2047)"),
        Arguments.argumentSet("negative_streams",
            r + "otlp/negative_streams.protocols.grpc.max_concurrent_streams: -1 (expected: >= 0, 0 for no limit)"),
        Arguments.argumentSet("bad_keepalive_time",
            r + "otlp/bad_keepalive_time.protocols.grpc.keepalive.server_parameters.time: \"soon\" (expected: a duration, e.g. 5s, 1m30s, 250ms)"),
        Arguments.argumentSet("tls_without_key",
            r + "otlp/tls_without_key.protocols.grpc.tls: cert_file and key_file must both be set (expected: paths to PEM files)"),
        Arguments.argumentSet("bad_tls_version",
            r + "otlp/bad_tls_version.protocols.http.tls.min_version: \"1.4\" (expected: one of 1.0, 1.1, 1.2, 1.3)"),
        Arguments.argumentSet("zero_body_size",
            r + "otlp/zero_body_size.protocols.http.max_request_body_size: 0 (expected: a size between 1 and 2147483647 bytes, e.g. 20MiB)"),
        Arguments.argumentSet("bad_url_path",
            r + "otlp/bad_url_path.protocols.http.traces_url_path: \"/v1/traces?x=1\" (expected: a URL path without query, fragment or spaces, e.g. /v1/traces)"),
        Arguments.argumentSet("same_url_paths",
            r + "otlp/same_url_paths.protocols.http: traces_url_path, metrics_url_path and logs_url_path must differ (expected: three distinct paths)"),
        Arguments.argumentSet("negative_cors_max_age",
            r + "otlp/negative_cors_max_age.protocols.http.cors.max_age: -1 (expected: a number of seconds >= 0)"),
        Arguments.argumentSet("typo_in_key",
            r + "otlp/typo_in_key.protocols.grpc.endpont: unknown key; did you mean \"endpoint\"? (expected one of: endpoint, include_metadata, keepalive, max_concurrent_streams, max_recv_msg_size_mib, read_buffer_size, tls, write_buffer_size)"),
        Arguments.argumentSet("grpc_not_a_map",
            r + "otlp/grpc_not_a_map.protocols.grpc: yes please (expected: a map)"));
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidConfigIsReportedWithItsPath(String expected) throws IOException {
    String section = "otlp/" + expected.substring("receivers.otlp/".length(), expected.indexOf('.', "receivers.otlp/".length()));
    ConfigProblems problems = new ConfigProblems();
    bind("invalid_configs.yaml", section, problems);
    String actual = problems.errors().stream()
        .map(p -> new ConfigProblem(p.path(), p.message(), null).toString())
        .collect(Collectors.joining("\n"));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void everyInvalidSectionIsTested() throws IOException {
    assertThat(sections("invalid_configs.yaml", new ConfigProblems())).hasSameSizeAs(invalidConfigs().toArray());
  }
}
