package io.otelcol4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Events;
import io.otelcol4j.component.FakeExporterFactory;
import io.otelcol4j.component.FakeReceiverFactory;
import io.otelcol4j.telemetry.Logger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code service.telemetry}: metrics level, address, pull readers; logs level and encoding. */
class TelemetryConfigTest {
  private final Events events = new Events();
  private final ComponentRegistry registry =
      ComponentRegistry.of(new FakeReceiverFactory(events), new FakeExporterFactory(events));

  private TelemetryConfig telemetry(String telemetryYaml) {
    String yaml = """
        receivers: {fake_receiver: }
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
          telemetry:
        """ + telemetryYaml.indent(4);
    return new ConfigLoader(registry, Map.of()).load("t.yaml", yaml).config().service().telemetry();
  }

  @Test
  void defaults() {
    assertThat(telemetry("")).isEqualTo(new TelemetryConfig(TelemetryConfig.MetricsLevel.NORMAL,
        List.of("localhost:8888"), Logger.Level.INFO, "console"));
  }

  @Test
  void metricsLevelAndAddress() {
    assertThat(telemetry("metrics: {level: detailed, address: 0.0.0.0:9999}")).isEqualTo(new TelemetryConfig(
        TelemetryConfig.MetricsLevel.DETAILED, List.of("0.0.0.0:9999"), Logger.Level.INFO, "console"));
    assertThat(telemetry("metrics: {level: basic, address: ':9999'}").metricsEndpoints()).containsExactly(":9999");
  }

  @Test
  void levelNoneServesNothing() {
    assertThat(telemetry("metrics: {level: none, address: 0.0.0.0:9999}").metricsEndpoints()).isEmpty();
    assertThat(telemetry("metrics: {level: none}").metricsEndpoints()).isEmpty();
  }

  @Test
  void pullPrometheusReaders() {
    TelemetryConfig t = telemetry("""
        metrics:
          readers:
            - pull:
                exporter:
                  prometheus:
                    host: 0.0.0.0
                    port: 8888
            - pull:
                exporter:
                  prometheus:
                    host: '::1'
                    port: 9090
                    without_units: true
                    without_type_suffix: false
                    without_scope_info: true
            - pull:
                exporter:
                  prometheus: {}
        """);
    assertThat(t.metricsEndpoints()).containsExactly("0.0.0.0:8888", "[::1]:9090", "localhost:8888");
  }

  @Test
  void emptyReadersServeNothing() {
    assertThat(telemetry("metrics: {readers: []}").metricsEndpoints()).isEmpty();
  }

  @Test
  void logsLevelInAnyCaseAndEncoding() {
    assertThat(telemetry("logs: {level: debug}").logsLevel()).isEqualTo(Logger.Level.DEBUG);
    assertThat(telemetry("logs: {level: WARN}").logsLevel()).isEqualTo(Logger.Level.WARN);
    assertThat(telemetry("logs: {level: Error, encoding: json}")).isEqualTo(new TelemetryConfig(
        TelemetryConfig.MetricsLevel.NORMAL, List.of("localhost:8888"), Logger.Level.ERROR, "json"));
  }

  @Test
  void badValues() {
    assertThatThrownBy(() -> telemetry("logs: {encoding: xml}"))
        .hasMessage("invalid configuration: service.telemetry.logs.encoding: \"xml\" (expected: one of console, json) "
            + "[t.yaml:7]");
    assertThatThrownBy(() -> telemetry("metrics: {levle: none}"))
        .hasMessage("invalid configuration: service.telemetry.metrics.levle: unknown key; did you mean \"level\"? "
            + "(expected one of: address, level, readers) [t.yaml:7]");
    assertThatThrownBy(() -> telemetry("metrics:\n  readers:\n    - pull: {exporter: {otlp: {}}}"))
        .hasMessage("invalid configuration: service.telemetry.metrics.readers[0].pull.exporter: only the prometheus "
            + "pull exporter is supported (expected: exporter: {prometheus: {host, port}}) [t.yaml:9]");
    assertThatThrownBy(() -> telemetry("metrics: 5"))
        .hasMessage("invalid configuration: service.telemetry.metrics: 5 (expected: a map) [t.yaml:7]");
  }
}
