package io.otelcol4j.exporter.prometheusremotewrite;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.otelcol4j.consumer.MetricsBatch;
import java.util.List;

/** Small builders of OTLP metrics for tests. */
final class Otlp {
  private Otlp() {}

  /** 2023-11-14T22:13:20Z in nanoseconds: 1700000000000 ms. */
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long SECOND = 1_000_000_000L;

  static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  static KeyValue attr(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  static Resource resource(KeyValue... attrs) {
    return Resource.newBuilder().addAllAttributes(List.of(attrs)).build();
  }

  static ResourceMetrics rm(Resource r, Metric... metrics) {
    return ResourceMetrics.newBuilder().setResource(r)
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))).build();
  }

  static MetricsBatch batch(ResourceMetrics... rms) {
    return MetricsBatch.of(List.of(rms));
  }

  static NumberDataPoint point(double v, long t, KeyValue... attrs) {
    return NumberDataPoint.newBuilder().setAsDouble(v).setTimeUnixNano(t).setStartTimeUnixNano(T0 - 60 * SECOND)
        .addAllAttributes(List.of(attrs)).build();
  }

  static NumberDataPoint intPoint(long v, long t, KeyValue... attrs) {
    return NumberDataPoint.newBuilder().setAsInt(v).setTimeUnixNano(t).setStartTimeUnixNano(T0 - 60 * SECOND)
        .addAllAttributes(List.of(attrs)).build();
  }

  static Metric gauge(String name, String unit, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setDescription(name + " help")
        .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
  }

  static Metric sum(String name, String unit, boolean monotonic, AggregationTemporality t, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setDescription(name + " help")
        .setSum(Sum.newBuilder().setIsMonotonic(monotonic).setAggregationTemporality(t).addAllDataPoints(List.of(points)))
        .build();
  }

  static Metric counter(String name, String unit, NumberDataPoint... points) {
    return sum(name, unit, true, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, points);
  }

  static HistogramDataPoint histogramPoint(long t, List<Double> bounds, List<Long> counts, double sum, KeyValue... attrs) {
    long count = counts.stream().mapToLong(Long::longValue).sum();
    return HistogramDataPoint.newBuilder().setTimeUnixNano(t).setStartTimeUnixNano(T0 - 60 * SECOND)
        .addAllExplicitBounds(bounds).addAllBucketCounts(counts).setCount(count).setSum(sum)
        .addAllAttributes(List.of(attrs)).build();
  }

  static Metric histogram(String name, String unit, HistogramDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setDescription(name + " help")
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addAllDataPoints(List.of(points)))
        .build();
  }

  static Exemplar exemplar(double v, long t, String traceHex, String spanHex, KeyValue... attrs) {
    return Exemplar.newBuilder().setAsDouble(v).setTimeUnixNano(t)
        .setTraceId(ByteString.fromHex(traceHex)).setSpanId(ByteString.fromHex(spanHex))
        .addAllFilteredAttributes(List.of(attrs)).build();
  }
}
