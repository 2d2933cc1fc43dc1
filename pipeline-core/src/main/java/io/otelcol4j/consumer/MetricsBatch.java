package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable batch of metrics: OTLP {@code ResourceMetrics} with its data point count. Items are
 * data points, as the collector counts them (a histogram point is one item).
 */
public final class MetricsBatch implements Batch<MetricsBatch> {
  private static final MetricsBatch EMPTY = new MetricsBatch(List.of(), 0, null);

  private final List<ResourceMetrics> resourceMetrics;
  private final int pointCount;
  private volatile @Nullable ExportMetricsServiceRequest request;
  /** The protobuf encoding of the request this batch was received as; never modified nor exposed mutable. */
  private final byte @Nullable [] wire;

  private MetricsBatch(List<ResourceMetrics> resourceMetrics, int pointCount, byte @Nullable [] wire) {
    this.resourceMetrics = resourceMetrics;
    this.pointCount = pointCount;
    this.wire = wire;
  }

  /** A batch holding these resource metrics (the list is copied; messages are immutable). */
  public static MetricsBatch of(List<ResourceMetrics> resourceMetrics) {
    List<ResourceMetrics> copy = List.copyOf(resourceMetrics);
    int n = 0;
    for (ResourceMetrics rm : copy) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += pointCount(m);
        }
      }
    }
    return new MetricsBatch(copy, n, null);
  }

  /** A batch holding the content of an OTLP export request, sharing its messages. */
  public static MetricsBatch of(ExportMetricsServiceRequest request) {
    MetricsBatch b = of(request.getResourceMetricsList());
    b.request = request;
    return b;
  }

  /**
   * A batch holding the content of an OTLP export request, received as {@code wire}: the batch keeps
   * these bytes and {@link #toByteArray()}, {@link #serializedSize()} and {@link #wireBytes()} use
   * them instead of encoding the request again. {@code wire} must be the protobuf encoding of
   * exactly {@code request} (it parses to it), and is owned by the batch from now on: the caller must
   * not modify it.
   */
  public static MetricsBatch of(ExportMetricsServiceRequest request, byte[] wire) {
    MetricsBatch b = of(request.getResourceMetricsList());
    MetricsBatch w = new MetricsBatch(b.resourceMetrics, b.pointCount, wire);
    w.request = request;
    return w;
  }

  public static MetricsBatch empty() {
    return EMPTY;
  }

  /** Parses an OTLP {@code ExportMetricsServiceRequest} in protobuf wire format. */
  public static MetricsBatch parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
    return of(ExportMetricsServiceRequest.parseFrom(bytes));
  }

  /** The number of data points in a metric, whatever its type. */
  public static int pointCount(Metric m) {
    switch (m.getDataCase()) {
      case GAUGE:
        return m.getGauge().getDataPointsCount();
      case SUM:
        return m.getSum().getDataPointsCount();
      case HISTOGRAM:
        return m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM:
        return m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY:
        return m.getSummary().getDataPointsCount();
      default:
        return 0;
    }
  }

  /** The metric with only data points {@code [from, to)}. */
  static Metric slice(Metric m, int from, int to) {
    Metric.Builder b = m.toBuilder();
    switch (m.getDataCase()) {
      case GAUGE:
        b.getGaugeBuilder().clearDataPoints().addAllDataPoints(m.getGauge().getDataPointsList().subList(from, to));
        break;
      case SUM:
        b.getSumBuilder().clearDataPoints().addAllDataPoints(m.getSum().getDataPointsList().subList(from, to));
        break;
      case HISTOGRAM:
        b.getHistogramBuilder().clearDataPoints()
            .addAllDataPoints(m.getHistogram().getDataPointsList().subList(from, to));
        break;
      case EXPONENTIAL_HISTOGRAM:
        b.getExponentialHistogramBuilder().clearDataPoints()
            .addAllDataPoints(m.getExponentialHistogram().getDataPointsList().subList(from, to));
        break;
      case SUMMARY:
        b.getSummaryBuilder().clearDataPoints().addAllDataPoints(m.getSummary().getDataPointsList().subList(from, to));
        break;
      default:
        break;
    }
    return b.build();
  }

  public List<ResourceMetrics> resourceMetrics() {
    return resourceMetrics;
  }

  /** The batch as an OTLP export request (built once and cached). */
  public ExportMetricsServiceRequest toRequest() {
    ExportMetricsServiceRequest r = request;
    if (r == null) {
      r = ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(resourceMetrics).build();
      request = r;
    }
    return r;
  }

  @Override
  public Signal signal() {
    return Signal.METRICS;
  }

  @Override
  public int itemCount() {
    return pointCount;
  }

  @Override
  public int resourceCount() {
    return resourceMetrics.size();
  }

  /**
   * The exact bytes this batch was received as (see {@link #of(ExportMetricsServiceRequest, byte[])}), as a read-only
   * view without copying, or null when the batch was built otherwise (then encode {@link #toRequest()}).
   */
  public @Nullable ByteString wireBytes() {
    byte[] w = wire;
    return w == null ? null : UnsafeByteOperations.unsafeWrap(w);
  }

  @Override
  public int serializedSize() {
    byte[] w = wire;
    return w != null ? w.length : toRequest().getSerializedSize();
  }

  @Override
  public byte[] toByteArray() {
    byte[] w = wire;
    return w != null ? w.clone() : toRequest().toByteArray();
  }

  @Override
  public MetricsBatch merge(List<MetricsBatch> others) {
    List<ResourceMetrics> all = new ArrayList<>(resourceMetrics);
    int n = pointCount;
    for (MetricsBatch b : others) {
      all.addAll(b.resourceMetrics);
      n += b.pointCount;
    }
    return new MetricsBatch(List.copyOf(all), n, concatWire(others));
  }

  /**
   * An export request is only {@code repeated ResourceMetrics = 1}, so the concatenation of encoded requests
   * is the encoding of the merged request: one copy when every part kept its wire bytes, else null.
   */
  private byte @Nullable [] concatWire(List<MetricsBatch> others) {
    byte[] first = wire;
    if (first == null) {
      return null;
    }
    long size = first.length;
    for (MetricsBatch b : others) {
      byte[] w = b.wire;
      if (w == null) {
        return null;
      }
      size += w.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      return null;
    }
    byte[] out = new byte[(int) size];
    System.arraycopy(first, 0, out, 0, first.length);
    int pos = first.length;
    for (MetricsBatch b : others) {
      byte[] w = b.wire;
      System.arraycopy(w, 0, out, pos, w.length);
      pos += w.length;
    }
    return out;
  }

  @Override
  public List<MetricsBatch> split(int maxItems) {
    if (maxItems <= 0) {
      throw new IllegalArgumentException("maxItems: " + maxItems + " (expected: > 0)");
    }
    if (pointCount <= maxItems) {
      return List.of(this);
    }
    List<MetricsBatch> out = new ArrayList<>();
    List<ResourceMetrics> current = new ArrayList<>();
    int currentCount = 0;
    for (ResourceMetrics rm : resourceMetrics) {
      ResourceMetrics.Builder rmPart = null;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        ScopeMetrics.Builder smPart = null;
        for (Metric m : sm.getMetricsList()) {
          int points = pointCount(m);
          int from = 0;
          while (from < points) {
            int to = Math.min(points, from + (maxItems - currentCount));
            if (rmPart == null) {
              rmPart = rm.toBuilder().clearScopeMetrics();
            }
            if (smPart == null) {
              smPart = sm.toBuilder().clearMetrics();
            }
            smPart.addMetrics(from == 0 && to == points ? m : slice(m, from, to));
            currentCount += to - from;
            from = to;
            if (currentCount == maxItems) {
              rmPart.addScopeMetrics(smPart);
              current.add(rmPart.build());
              smPart = null;
              rmPart = null;
              out.add(new MetricsBatch(List.copyOf(current), currentCount, null));
              current.clear();
              currentCount = 0;
            }
          }
        }
        if (smPart != null) {
          rmPart.addScopeMetrics(smPart);
        }
      }
      if (rmPart != null) {
        current.add(rmPart.build());
      }
    }
    if (currentCount > 0) {
      out.add(new MetricsBatch(List.copyOf(current), currentCount, null));
    }
    return out;
  }

  @Override
  public String toString() {
    return "MetricsBatch{resources=" + resourceMetrics.size() + ", points=" + pointCount + "}";
  }
}
