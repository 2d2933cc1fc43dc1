package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.SinkConsumer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The receiver inside a real {@link Collector}: bound from YAML, one instance shared by three
 * pipelines of different signals and two of the same, counted by the graph.
 */
class OtlpReceiverCollectorTest {
  private static final String YAML = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 127.0.0.1:0
            http:
              endpoint: 127.0.0.1:0
      exporters:
        sink:
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [sink]
          traces/copy:
            receivers: [otlp]
            exporters: [sink]
          metrics:
            receivers: [otlp]
            exporters: [sink]
          logs:
            receivers: [otlp]
            exporters: [sink]
      """;

  private final SinkConsumer sink = new SinkConsumer();
  private final RecordingOtlpFactory otlp = new RecordingOtlpFactory();

  @Test
  void sharedAcrossPipelinesAndCountedByTheGraph() throws Exception {
    try (Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(otlp, new SinkExporterFactory(sink)))
        .configYaml("config.yaml", YAML)
        .metricsAddress("127.0.0.1:0")
        .logSink((time, level, message, fields, error) -> {})
        .build()) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(20))).isTrue();
      assertThat(otlp.created).hasSize(3);
      assertThat(otlp.created).allSatisfy(c -> assertThat(c).isSameAs(otlp.created.get(0)));
      OtlpReceiver receiver = (OtlpReceiver) otlp.created.get(0);

      var spans = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort()).build();
      var metrics = OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort()).build();
      var logs = OtlpHttpLogRecordExporter.builder()
          .setEndpoint("http://127.0.0.1:" + receiver.httpPort() + "/v1/logs").build();
      try {
        assertThat(spans.export(SdkData.spans(7)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(metrics.export(SdkData.metrics(3)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(logs.export(SdkData.logs(4)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        sink.failWith(new RetryableConsumeException("exporter queue is full"));
        var noRetry = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort())
            .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(2).setInitialBackoff(Duration.ofMillis(10)).build())
            .build();
        assertThat(noRetry.export(SdkData.spans(5)).join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
        noRetry.shutdown();
        sink.failWith(null);
      } finally {
        spans.shutdown();
        metrics.shutdown();
        logs.shutdown();
      }
      // Each traces pipeline gets its own copy of the 7 spans.
      assertThat(Receivers.spans(sink)).hasSize(14);
      assertThat(Receivers.sumPoints(sink)).hasSize(3);
      assertThat(Receivers.logRecords(sink)).hasSize(4);

      InetSocketAddress m = collector.metricsAddresses().get(0);
      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + m.getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(text).containsPattern("otelcol_receiver_accepted_spans(_total)?\\{[^}]*receiver=\"otlp\"[^}]*\\} 7(\\.0)?\\n");
      assertThat(text).containsPattern("otelcol_receiver_accepted_metric_points(_total)?\\{[^}]*receiver=\"otlp\"[^}]*\\} 3(\\.0)?\\n");
      assertThat(text).containsPattern("otelcol_receiver_accepted_log_records(_total)?\\{[^}]*receiver=\"otlp\"[^}]*\\} 4(\\.0)?\\n");
      assertThat(text).containsPattern("otelcol_receiver_refused_spans(_total)?\\{[^}]*receiver=\"otlp\"[^}]*\\} 10(\\.0)?\\n");
    }
    assertThat(((OtlpReceiver) otlp.created.get(0)).grpcPort()).isEqualTo(-1);
  }

  /** The real factory, remembering what it hands out so the test can read the bound ports. */
  private static final class RecordingOtlpFactory implements ReceiverFactory<OtlpReceiverConfig> {
    private final OtlpReceiverFactory delegate = new OtlpReceiverFactory();
    final List<Component> created = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
      return delegate.type();
    }

    @Override
    public Class<OtlpReceiverConfig> configClass() {
      return delegate.configClass();
    }

    @Override
    public OtlpReceiverConfig parseConfig(ConfigNode node) {
      return delegate.parseConfig(node);
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return delegate.signals();
    }

    @Override
    public Component createTraces(ComponentSettings s, OtlpReceiverConfig c, TracesConsumer next) {
      return record(delegate.createTraces(s, c, next));
    }

    @Override
    public Component createMetrics(ComponentSettings s, OtlpReceiverConfig c, MetricsConsumer next) {
      return record(delegate.createMetrics(s, c, next));
    }

    @Override
    public Component createLogs(ComponentSettings s, OtlpReceiverConfig c, LogsConsumer next) {
      return record(delegate.createLogs(s, c, next));
    }

    private Component record(Component c) {
      created.add(c);
      return c;
    }
  }

  private record SinkConfig() implements ComponentConfig {}

  /** An exporter type {@code sink} writing into a {@link SinkConsumer}. */
  private static final class SinkExporterFactory implements ExporterFactory<SinkConfig> {
    private final SinkConsumer sink;

    SinkExporterFactory(SinkConsumer sink) {
      this.sink = sink;
    }

    @Override
    public String type() {
      return "sink";
    }

    @Override
    public Class<SinkConfig> configClass() {
      return SinkConfig.class;
    }

    @Override
    public SinkConfig parseConfig(ConfigNode node) {
      return new SinkConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT, Signal.METRICS, StabilityLevel.DEVELOPMENT,
          Signal.LOGS, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Exporter<TracesBatch> createTraces(ComponentSettings settings, SinkConfig config) {
      return new SinkExporter<>(sink);
    }

    @Override
    public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, SinkConfig config) {
      return new SinkExporter<>(sink);
    }

    @Override
    public Exporter<LogsBatch> createLogs(ComponentSettings settings, SinkConfig config) {
      return new SinkExporter<>(sink);
    }
  }

  private static final class SinkExporter<B extends Batch<B>> implements Exporter<B> {
    private final SinkConsumer sink;

    SinkExporter(SinkConsumer sink) {
      this.sink = sink;
    }

    @Override
    public void consume(Context context, B batch) {
      sink.record(context, batch);
    }
  }
}
