package io.otelcol4j.exporter.otlp;

import io.otelcol4j.testing.SinkExporterFactory;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.receiver.otlp.OtlpReceiverFactory;
import io.otelcol4j.service.Collector;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.SinkConsumer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Nothing changes in transit": the SDK sends into collector A (otlp receiver → otlp exporter and a
 * sink), A forwards over OTLP/gRPC to collector B (otlp receiver → sink). What B received equals
 * what A received, message for message.
 */
class OtlpChainIT {
  private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "chain-test")));

  private final SinkConsumer atA = new SinkConsumer();
  private final SinkConsumer atB = new SinkConsumer();
  private final List<Collector> collectors = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    collectors.forEach(Collector::close);
  }

  private int startWithGrpcPort(String yaml, SinkConsumer sink) throws Exception {
    List<String[]> logs = new CopyOnWriteArrayList<>();
    Logger.Sink capture = (time, level, message, fields, error) -> {
      if (message.equals("Starting GRPC server")) {
        logs.add(fields);
      }
    };
    Collector c = Collector.builder()
        .registry(ComponentRegistry.of(new OtlpReceiverFactory(), new OtlpExporterFactory(), new SinkExporterFactory(sink)))
        .configYaml("config.yaml", yaml)
        .metricsAddress("127.0.0.1:0")
        .logSink(capture)
        .build();
    collectors.add(c);
    c.start();
    assertThat(c.awaitHealthy(Duration.ofSeconds(20))).isTrue();
    assertThat(logs).hasSize(1);
    List<String> fields = Arrays.asList(logs.get(0));
    return Integer.parseInt(fields.get(fields.indexOf("port") + 1));
  }

  private static String pipelines(String exporters) {
    return String.join("\n",
        "service:",
        "  pipelines:",
        "    traces: {receivers: [otlp], exporters: [" + exporters + "]}",
        "    metrics: {receivers: [otlp], exporters: [" + exporters + "]}",
        "    logs: {receivers: [otlp], exporters: [" + exporters + "]}",
        "");
  }

  @Test
  void everySignalArrivesUnchangedAfterOneHop() throws Exception {
    int portB = startWithGrpcPort(String.join("\n",
        "receivers:",
        "  otlp:",
        "    protocols:",
        "      grpc:",
        "        endpoint: 127.0.0.1:0",
        "        include_metadata: true",
        "exporters:",
        "  sink:",
        pipelines("sink")), atB);
    int portA = startWithGrpcPort(String.join("\n",
        "receivers:",
        "  otlp:",
        "    protocols:",
        "      grpc:",
        "        endpoint: 127.0.0.1:0",
        "exporters:",
        "  sink:",
        "  otlp:",
        "    endpoint: 127.0.0.1:" + portB,
        "    tls: {insecure: true}",
        "    headers: {x-hop: a}",
        pipelines("sink, otlp")), atA);

    String endpointA = "http://127.0.0.1:" + portA;
    sendWithTheSdk(endpointA);

    int expected = 20 + 6 + 9;
    assertThat(atA.awaitItems(expected, Duration.ofSeconds(20))).as(() -> "items at A: " + atA.itemCount() + " " + atA.batches()).isTrue();
    assertThat(atB.awaitItems(expected, Duration.ofSeconds(20))).as(() -> "items at B: " + atB.itemCount()).isTrue();

    assertThat(flatten(atB.batchesOf(TracesBatch.class).stream().flatMap(b -> b.resourceSpans().stream())))
        .containsExactlyInAnyOrderElementsOf(flatten(atA.batchesOf(TracesBatch.class).stream().flatMap(b -> b.resourceSpans().stream())));
    assertThat(flatten(atB.batchesOf(MetricsBatch.class).stream().flatMap(b -> b.resourceMetrics().stream())))
        .containsExactlyInAnyOrderElementsOf(flatten(atA.batchesOf(MetricsBatch.class).stream().flatMap(b -> b.resourceMetrics().stream())));
    assertThat(flatten(atB.batchesOf(LogsBatch.class).stream().flatMap(b -> b.resourceLogs().stream())))
        .containsExactlyInAnyOrderElementsOf(flatten(atA.batchesOf(LogsBatch.class).stream().flatMap(b -> b.resourceLogs().stream())));
    assertThat(atB.batchesOf(TracesBatch.class).stream().mapToInt(TracesBatch::itemCount).sum()).isEqualTo(20);
    assertThat(atB.contexts()).allSatisfy(ctx -> assertThat(ctx.metadata("x-hop")).containsExactly("a"));

  }

  /** Records telemetry in memory with the SDK, then sends one OTLP/gRPC export per signal with the SDK's exporters. */
  static void sendWithTheSdk(String endpoint) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    List<io.opentelemetry.sdk.trace.data.SpanData> spanData;
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(RESOURCE)
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
      for (int i = 0; i < 20; i++) {
        tracing.get("chain").spanBuilder("op-" + i).setAttribute("seq", i).startSpan().end();
      }
      // Read before close: shutting the provider down clears the in-memory exporter.
      spanData = spans.getFinishedSpanItems();
    }
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    java.util.Collection<io.opentelemetry.sdk.metrics.data.MetricData> metrics;
    try (SdkMeterProvider metering = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build()) {
      var counter = metering.get("chain").counterBuilder("requests").build();
      for (int i = 0; i < 6; i++) {
        counter.add(i + 1, Attributes.of(AttributeKey.longKey("seq"), (long) i));
      }
      metrics = reader.collectAllMetrics();
    }
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    List<io.opentelemetry.sdk.logs.data.LogRecordData> logData;
    try (SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(RESOURCE)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build()) {
      for (int i = 0; i < 9; i++) {
        logging.get("chain").logRecordBuilder().setBody("line " + i).setAttribute(AttributeKey.longKey("seq"), (long) i).emit();
      }
      logData = logs.getFinishedLogRecordItems();
    }
    try (var t = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
        var m = OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).build();
        var l = OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).build()) {
      assertThat(t.export(spanData).join(10, TimeUnit.SECONDS).isSuccess()).as("spans sent").isTrue();
      assertThat(m.export(metrics).join(10, TimeUnit.SECONDS).isSuccess()).as("metrics sent").isTrue();
      assertThat(l.export(logData).join(10, TimeUnit.SECONDS).isSuccess()).as("logs sent").isTrue();
    }
  }

  private static <T> List<T> flatten(java.util.stream.Stream<T> s) {
    return s.collect(Collectors.toList());
  }
}
