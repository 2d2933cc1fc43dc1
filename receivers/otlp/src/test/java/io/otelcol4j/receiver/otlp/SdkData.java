package io.otelcol4j.receiver.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;

/** SDK telemetry data made by the SDK itself, for calling exporters' {@code export} directly. */
final class SdkData {
  private SdkData() {}

  private static final AttributeKey<Long> SEQ = AttributeKey.longKey("seq");

  /** {@code n} spans with {@code seq} 0..n-1. */
  static List<SpanData> spans(int n) {
    InMemorySpanExporter mem = InMemorySpanExporter.create();
    SdkTracerProvider p = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(mem)).build();
    for (int i = 0; i < n; i++) {
      p.get("sdk-data").spanBuilder("span-" + i).setAttribute(SEQ, (long) i).startSpan().end();
    }
    List<SpanData> out = mem.getFinishedSpanItems(); // before shutdown, which clears the exporter
    p.shutdown();
    return out;
  }

  /** One counter with {@code n} points, {@code seq} 0..n-1. */
  static Collection<MetricData> metrics(int n) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider p = SdkMeterProvider.builder().registerMetricReader(reader).build();
    var counter = p.get("sdk-data").counterBuilder("sdk.data").build();
    for (int i = 0; i < n; i++) {
      counter.add(1, Attributes.of(SEQ, (long) i));
    }
    Collection<MetricData> out = reader.collectAllMetrics();
    p.shutdown();
    return out;
  }

  /** {@code n} log records with {@code seq} 0..n-1. */
  static Collection<LogRecordData> logs(int n) {
    InMemoryLogRecordExporter mem = InMemoryLogRecordExporter.create();
    SdkLoggerProvider p = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(mem)).build();
    for (int i = 0; i < n; i++) {
      p.get("sdk-data").logRecordBuilder().setBody("log " + i).setAttribute(SEQ, (long) i).emit();
    }
    Collection<LogRecordData> out = mem.getFinishedLogRecordItems();
    p.shutdown();
    return out;
  }
}
