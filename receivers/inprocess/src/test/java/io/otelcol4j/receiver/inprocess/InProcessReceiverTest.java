package io.otelcol4j.receiver.inprocess;

import io.otelcol4j.testing.SinkExporterFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Kind;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessReceiverTest {
  private static final String YAML = String.join("\n",
      "receivers:",
      "  inprocess/app:",
      "exporters:",
      "  sink:",
      "service:",
      "  pipelines:",
      "    traces: {receivers: [inprocess/app], exporters: [sink]}",
      "    metrics: {receivers: [inprocess/app], exporters: [sink]}",
      "    logs: {receivers: [inprocess/app], exporters: [sink]}",
      "");
  private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "host-app", AttributeKey.longKey("host.pid"), 42L)));

  private final SinkConsumer sink = new SinkConsumer();
  private Collector collector;

  private Collector start() throws Exception {
    collector = Collector.builder()
        .registry(ComponentRegistry.of(new InProcessReceiverFactory(), new SinkExporterFactory(sink)))
        .configYaml("config.yaml", YAML)
        .metricsAddress("127.0.0.1:0")
        .build();
    collector.start();
    assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();
    return collector;
  }

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void spansFromTheHostSdkArriveWithEveryAttribute() throws Exception {
    start();
    SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(RESOURCE)
        .addSpanProcessor(SimpleSpanProcessor.create(InProcessExporters.spanExporter("inprocess/app"))).build();
    Tracer tracer = tracing.get("test-scope", "1.2.3");
    for (int i = 0; i < 10; i++) {
      tracer.spanBuilder("op-" + i).setAttribute("seq", i).setAttribute("tag", "v" + i).setAttribute("ok", i % 2 == 0)
          .setAttribute("ratio", i / 4.0).startSpan().end();
    }
    assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    tracing.close();

    assertThat(sink.awaitItems(10, Duration.ofSeconds(10))).isTrue();
    List<TracesBatch> batches = sink.batchesOf(TracesBatch.class);
    assertThat(batches).allSatisfy(b -> {
      assertThat(b.resourceSpans().get(0).getResource().getAttributesList())
          .contains(kv("service.name", "host-app"), kvInt("host.pid", 42));
      assertThat(b.resourceSpans().get(0).getScopeSpans(0).getScope().getName()).isEqualTo("test-scope");
      assertThat(b.resourceSpans().get(0).getScopeSpans(0).getScope().getVersion()).isEqualTo("1.2.3");
    });
    List<Span> spans = batches.stream().flatMap(b -> b.resourceSpans().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).collect(Collectors.toList());
    assertThat(spans).hasSize(10);
    for (Span s : spans) {
      int i = Integer.parseInt(s.getName().substring(3));
      assertThat(s.getAttributesList()).containsExactlyInAnyOrder(kvInt("seq", i), kv("tag", "v" + i),
          KeyValue.newBuilder().setKey("ok").setValue(AnyValue.newBuilder().setBoolValue(i % 2 == 0)).build(),
          KeyValue.newBuilder().setKey("ratio").setValue(AnyValue.newBuilder().setDoubleValue(i / 4.0)).build());
      assertThat(s.getTraceId().size()).isEqualTo(16);
      assertThat(s.getSpanId().size()).isEqualTo(8);
    }
  }

  @Test
  void metricsFromTheHostSdkArrive() throws Exception {
    start();
    SdkMeterProvider metering = SdkMeterProvider.builder().setResource(RESOURCE)
        .registerMetricReader(PeriodicMetricReader.builder(InProcessExporters.metricExporter("inprocess/app"))
            .setInterval(Duration.ofHours(1)).build())
        .build();
    LongCounter counter = metering.get("test-scope").counterBuilder("requests").build();
    for (int i = 0; i < 5; i++) {
      counter.add(i + 1, Attributes.of(AttributeKey.longKey("seq"), (long) i, AttributeKey.stringKey("route"), "/r" + i));
    }
    assertThat(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    assertThat(sink.await(() -> !sink.batchesOf(MetricsBatch.class).isEmpty(), Duration.ofSeconds(10))).isTrue();
    List<NumberDataPoint> points = sink.batchesOf(MetricsBatch.class).stream().flatMap(b -> b.resourceMetrics().stream())
        .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
        .filter(m -> m.getName().equals("requests")).flatMap(m -> m.getSum().getDataPointsList().stream())
        .collect(Collectors.toList());
    assertThat(points).hasSize(5);
    for (NumberDataPoint p : points) {
      long seq = p.getAttributesList().stream().filter(a -> a.getKey().equals("seq")).findFirst().orElseThrow()
          .getValue().getIntValue();
      assertThat(p.getAsInt()).isEqualTo(seq + 1);
      assertThat(p.getAttributesList()).contains(kv("route", "/r" + seq));
    }
    metering.close();
  }

  @Test
  void logRecordsFromTheHostSdkArrive() throws Exception {
    start();
    SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(RESOURCE)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(InProcessExporters.logRecordExporter("inprocess/app"))).build();
    Logger log = logging.get("test-scope");
    for (int i = 0; i < 7; i++) {
      log.logRecordBuilder().setBody("line " + i).setAttribute(AttributeKey.longKey("seq"), (long) i).emit();
    }
    assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    logging.close();

    assertThat(sink.awaitItems(7, Duration.ofSeconds(10))).isTrue();
    List<LogRecord> records = sink.batchesOf(LogsBatch.class).stream().flatMap(b -> b.resourceLogs().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream())
        .collect(Collectors.toList());
    assertThat(records).hasSize(7);
    for (LogRecord r : records) {
      long seq = r.getAttributes(0).getValue().getIntValue();
      assertThat(r.getBody().getStringValue()).isEqualTo("line " + seq);
      assertThat(r.getAttributesList()).containsExactly(kvInt("seq", seq));
    }
  }

  @Test
  void exportsFailBeforeStartAndAfterShutdown() throws Exception {
    SpanExporter exporter = InProcessExporters.spanExporter("inprocess/app");
    SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    long droppedBefore = InProcessExporters.droppedWhileUnavailable();

    CompletableResultCode before = exporter.export(List.of(finishedSpan(tracing)));
    assertThat(before.isSuccess()).isFalse();
    assertThat(InProcessExporters.droppedWhileUnavailable()).isGreaterThan(droppedBefore);

    start();
    assertThat(exporter.export(List.of(finishedSpan(tracing))).isSuccess()).isTrue();
    collector.shutdown();
    assertThat(exporter.export(List.of(finishedSpan(tracing))).isSuccess()).isFalse();

    exporter.shutdown();
    tracing.close();
  }

  @Test
  void aRefusingPipelineFailsTheExport() throws Exception {
    start();
    sink.failWith(new RetryableConsumeException("queue full"));
    SpanExporter exporter = InProcessExporters.spanExporter("inprocess/app");
    SdkTracerProvider tracing = SdkTracerProvider.builder().build();

    CompletableResultCode r = exporter.export(List.of(finishedSpan(tracing)));

    assertThat(r.isSuccess()).isFalse();
    assertThat(r.getFailureThrowable()).hasMessage("queue full");
    tracing.close();
  }

  @Test
  void twoStartedReceiversCannotShareAnId() throws Exception {
    InProcessReceiverFactory f1 = new InProcessReceiverFactory();
    InProcessReceiverFactory f2 = new InProcessReceiverFactory();
    var settings = TestSettings.of(Kind.RECEIVER, ComponentId.parse("inprocess/dup"), io.otelcol4j.telemetry.Logger.noop());
    var a = f1.createTraces(settings, new InProcessReceiverConfig(), new SinkConsumer().traces());
    var b = f2.createTraces(settings, new InProcessReceiverConfig(), new SinkConsumer().traces());
    a.start(new NopHost());
    try {
      assertThatThrownBy(() -> b.start(new NopHost())).hasMessage("receiver \"inprocess/dup\": another inprocess receiver"
          + " with this id is already started in this JVM (expected: one started collector per inprocess receiver id)");
    } finally {
      a.shutdown(Duration.ofSeconds(1));
      b.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void aSignalOutsideEveryPipelineIsRefusedPermanently() throws Exception {
    InProcessReceiverFactory f = new InProcessReceiverFactory();
    var settings = TestSettings.of(Kind.RECEIVER, ComponentId.parse("inprocess/tracesonly"), io.otelcol4j.telemetry.Logger.noop());
    var r = f.createTraces(settings, new InProcessReceiverConfig(), new SinkConsumer().traces());
    r.start(new NopHost());
    try {
      SdkLoggerProvider logging = SdkLoggerProvider.builder().build();
      var exporter = InProcessExporters.logRecordExporter("inprocess/tracesonly");
      var records = new java.util.ArrayList<io.opentelemetry.sdk.logs.data.LogRecordData>();
      SdkLoggerProvider capturing = SdkLoggerProvider.builder()
          .addLogRecordProcessor(SimpleLogRecordProcessor.create(new io.opentelemetry.sdk.logs.export.LogRecordExporter() {
            @Override
            public CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.logs.data.LogRecordData> logs) {
              records.addAll(logs);
              return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
              return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
              return CompletableResultCode.ofSuccess();
            }
          })).build();
      capturing.get("x").logRecordBuilder().setBody("b").emit();

      CompletableResultCode result = exporter.export(records);

      assertThat(result.isSuccess()).isFalse();
      assertThat(result.getFailureThrowable()).hasMessage("receiver \"inprocess/tracesonly\" is in no logs pipeline");
      logging.close();
      capturing.close();
    } finally {
      r.shutdown(Duration.ofSeconds(1));
    }
  }

  private static io.opentelemetry.sdk.trace.data.SpanData finishedSpan(SdkTracerProvider tracing) {
    io.opentelemetry.sdk.trace.ReadableSpan span =
        (io.opentelemetry.sdk.trace.ReadableSpan) tracing.get("t").spanBuilder("s").startSpan();
    ((io.opentelemetry.api.trace.Span) span).end();
    return span.toSpanData();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  private static KeyValue kvInt(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

}
