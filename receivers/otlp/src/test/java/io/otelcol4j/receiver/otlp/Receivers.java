package io.otelcol4j.receiver.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Test helpers: receivers on loopback ports, and reading back what a sink received. */
final class Receivers {
  private Receivers() {}

  /** A started receiver serving the given consumers (null: signal not served). */
  static OtlpReceiver start(OtlpReceiverConfig config, @Nullable TracesConsumer traces,
      @Nullable MetricsConsumer metrics, @Nullable LogsConsumer logs) throws Exception {
    OtlpReceiverFactory f = new OtlpReceiverFactory();
    var settings = TestSettings.of(Kind.RECEIVER, ComponentId.parse("otlp/test"), Logger.noop());
    OtlpReceiver r = null;
    if (traces != null) {
      r = (OtlpReceiver) f.createTraces(settings, config, traces);
    }
    if (metrics != null) {
      r = (OtlpReceiver) f.createMetrics(settings, config, metrics);
    }
    if (logs != null) {
      r = (OtlpReceiver) f.createLogs(settings, config, logs);
    }
    if (r == null) {
      throw new IllegalArgumentException("no consumer");
    }
    r.start(new NopHost());
    return r;
  }

  /** A started receiver feeding every signal into {@code sink}. */
  static OtlpReceiver start(OtlpReceiverConfig config, SinkConsumer sink) throws Exception {
    return start(config, sink.traces(), sink.metrics(), sink.logs());
  }

  static OtlpReceiverConfig loopback() {
    return OtlpReceiverFactoryTest.loopback();
  }

  /** Loopback config with HTTP settings changed. */
  static OtlpReceiverConfig withHttp(long maxBody, OtlpReceiverConfig.@Nullable Cors cors, boolean includeMetadata) {
    OtlpReceiverConfig d = loopback();
    return new OtlpReceiverConfig(d.grpc(), new OtlpReceiverConfig.Http("127.0.0.1:0", "/v1/traces", "/v1/metrics",
        "/v1/logs", maxBody, cors, null, includeMetadata));
  }

  /** Loopback config with gRPC settings changed. */
  static OtlpReceiverConfig withGrpc(int maxRecvMib, boolean includeMetadata) {
    OtlpReceiverConfig d = loopback();
    OtlpReceiverConfig.Grpc g = d.grpc();
    return new OtlpReceiverConfig(new OtlpReceiverConfig.Grpc("127.0.0.1:0", maxRecvMib, 0, g.readBufferSize(),
        g.writeBufferSize(), g.keepalive(), null, includeMetadata), d.http());
  }

  static Optional<Long> seq(List<KeyValue> attributes) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals("seq")) {
        return Optional.of(kv.getValue().getIntValue());
      }
    }
    return Optional.empty();
  }

  static List<Span> spans(SinkConsumer sink) {
    List<Span> out = new ArrayList<>();
    for (TracesBatch b : sink.batchesOf(TracesBatch.class)) {
      for (ResourceSpans rs : b.resourceSpans()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          out.addAll(ss.getSpansList());
        }
      }
    }
    return out;
  }

  static List<NumberDataPoint> sumPoints(SinkConsumer sink) {
    List<NumberDataPoint> out = new ArrayList<>();
    for (MetricsBatch b : sink.batchesOf(MetricsBatch.class)) {
      for (ResourceMetrics rm : b.resourceMetrics()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            out.addAll(m.getSum().getDataPointsList());
            out.addAll(m.getGauge().getDataPointsList());
          }
        }
      }
    }
    return out;
  }

  static List<LogRecord> logRecords(SinkConsumer sink) {
    List<LogRecord> out = new ArrayList<>();
    for (LogsBatch b : sink.batchesOf(LogsBatch.class)) {
      for (ResourceLogs rl : b.resourceLogs()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          out.addAll(sl.getLogRecordsList());
        }
      }
    }
    return out;
  }

  static AnyValue value(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return kv.getValue();
      }
    }
    throw new AssertionError("no attribute " + key + " in " + attributes);
  }
}
