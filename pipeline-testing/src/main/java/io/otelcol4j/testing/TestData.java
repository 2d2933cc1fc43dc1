package io.otelcol4j.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.nio.ByteBuffer;
import java.util.List;

/** Small, deterministic OTLP batches for tests; item {@code i} carries attribute {@code seq=i}. */
public final class TestData {
  private TestData() {}

  private static final long BASE_NANOS = 1_700_000_000_000_000_000L;

  private static Resource resource(String service) {
    return Resource.newBuilder().addAttributes(attr("service.name", service)).build();
  }

  public static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  public static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  /** {@code count} spans numbered from {@code first}, in one resource and scope. */
  public static TracesBatch traces(int first, int count) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    ss.getScopeBuilder().setName("test");
    for (int i = first; i < first + count; i++) {
      byte[] traceId = ByteBuffer.allocate(16).putLong(0, 1).putLong(8, i + 1L).array();
      byte[] spanId = ByteBuffer.allocate(8).putLong(0, i + 1L).array();
      ss.addSpans(Span.newBuilder()
          .setTraceId(ByteString.copyFrom(traceId))
          .setSpanId(ByteString.copyFrom(spanId))
          .setName("span-" + i)
          .setKind(Span.SpanKind.SPAN_KIND_SERVER)
          .setStartTimeUnixNano(BASE_NANOS + i * 1000L)
          .setEndTimeUnixNano(BASE_NANOS + i * 1000L + 500)
          .addAttributes(attr("seq", i)));
    }
    return TracesBatch.of(List.of(ResourceSpans.newBuilder().setResource(resource("test")).addScopeSpans(ss).build()));
  }

  /** {@code count} gauge points numbered from {@code first}, one metric. */
  public static MetricsBatch metrics(int first, int count) {
    Gauge.Builder g = Gauge.newBuilder();
    for (int i = first; i < first + count; i++) {
      g.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(BASE_NANOS + i).setAsDouble(i).addAttributes(attr("seq", i)));
    }
    Metric m = Metric.newBuilder().setName("test.gauge").setUnit("1").setGauge(g).build();
    ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().addMetrics(m);
    sm.getScopeBuilder().setName("test");
    return MetricsBatch.of(List.of(ResourceMetrics.newBuilder().setResource(resource("test")).addScopeMetrics(sm).build()));
  }

  /** {@code count} log records numbered from {@code first}, in one resource and scope. */
  public static LogsBatch logs(int first, int count) {
    ScopeLogs.Builder sl = ScopeLogs.newBuilder();
    sl.getScopeBuilder().setName("test");
    for (int i = first; i < first + count; i++) {
      sl.addLogRecords(LogRecord.newBuilder()
          .setTimeUnixNano(BASE_NANOS + i)
          .setSeverityText("INFO")
          .setBody(AnyValue.newBuilder().setStringValue("log " + i))
          .addAttributes(attr("seq", i)));
    }
    return LogsBatch.of(List.of(ResourceLogs.newBuilder().setResource(resource("test")).addScopeLogs(sl).build()));
  }

  /** A batch of the given signal. */
  public static Batch<?> of(Signal signal, int first, int count) {
    switch (signal) {
      case TRACES:
        return traces(first, count);
      case METRICS:
        return metrics(first, count);
      default:
        return logs(first, count);
    }
  }
}
