package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.testing.ComponentConformanceTest;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpReceiverFactoryTest extends ComponentConformanceTest {
  /** Both protocols on ephemeral loopback ports. */
  static OtlpReceiverConfig loopback() {
    OtlpReceiverConfig d = OtlpReceiverConfig.defaults();
    return new OtlpReceiverConfig(
        new OtlpReceiverConfig.Grpc("127.0.0.1:0", d.grpc().maxRecvMsgSizeMib(), 0, d.grpc().readBufferSize(),
            d.grpc().writeBufferSize(), d.grpc().keepalive(), null, false),
        new OtlpReceiverConfig.Http("127.0.0.1:0", "/v1/traces", "/v1/metrics", "/v1/logs",
            d.http().maxRequestBodySize(), null, null, false));
  }

  @Override
  protected ComponentFactory<?> factory() {
    return new OtlpReceiverFactory();
  }

  @Override
  protected ComponentConfig testConfig() {
    return loopback();
  }

  @Test
  void declaresTypeAndStability() {
    OtlpReceiverFactory f = new OtlpReceiverFactory();
    assertThat(f.type()).isEqualTo("otlp");
    assertThat(f.aliases()).isEmpty();
    assertThat(f.kind()).isEqualTo(Kind.RECEIVER);
    assertThat(f.signals()).isEqualTo(Map.of(
        Signal.TRACES, StabilityLevel.STABLE, Signal.METRICS, StabilityLevel.STABLE, Signal.LOGS, StabilityLevel.STABLE));
  }

  @Test
  void oneInstancePerIdAcrossSignalsAndAFreshOneAfterShutdown() throws Exception {
    OtlpReceiverFactory f = new OtlpReceiverFactory();
    SinkConsumer sink = new SinkConsumer();
    var settings = TestSettings.of(Kind.RECEIVER, "otlp/shared");
    Component traces = f.createTraces(settings, loopback(), sink.traces());
    Component metrics = f.createMetrics(settings, loopback(), sink.metrics());
    Component logs = f.createLogs(settings, loopback(), sink.logs());
    assertThat(metrics).isSameAs(traces);
    assertThat(logs).isSameAs(traces);
    assertThat(f.createTraces(TestSettings.of(Kind.RECEIVER, "otlp/other"), loopback(), sink.traces()))
        .isNotSameAs(traces);
    traces.shutdown(Duration.ofSeconds(5));
    assertThat(f.createTraces(settings, loopback(), sink.traces())).isNotSameAs(traces);
  }

  @Test
  void sameIdWithAnotherConfigIsRefused() {
    OtlpReceiverFactory f = new OtlpReceiverFactory();
    SinkConsumer sink = new SinkConsumer();
    var settings = TestSettings.of(Kind.RECEIVER, "otlp/conflict");
    f.createTraces(settings, loopback(), sink.traces());
    assertThatThrownBy(() -> f.createMetrics(settings, OtlpReceiverConfig.defaults(), sink.metrics()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("otlp receiver \"otlp/conflict\" already exists with another config");
  }
}
