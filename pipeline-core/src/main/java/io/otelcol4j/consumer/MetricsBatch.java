package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable batch of metrics: OTLP {@code ResourceMetrics} with its data point count. Items are
 * data points, as the collector counts them (a histogram point is one item).
 *
 * <p>A batch made from received bytes ({@link #parseFrom}) keeps only those bytes, checked and
 * counted but not decoded: the messages are parsed the first time someone asks for them
 * ({@link #resourceMetrics()}, {@link #toRequest()}), so a pipeline that only batches and forwards
 * never decodes nor re-encodes a data point.
 */
public final class MetricsBatch implements Batch<MetricsBatch> {
  private static final WireScanner SCANNER = WireForm.scanner(ExportMetricsServiceRequest.getDescriptor(),
      NumberDataPoint.getDescriptor().getFullName(), HistogramDataPoint.getDescriptor().getFullName(),
      ExponentialHistogramDataPoint.getDescriptor().getFullName(), SummaryDataPoint.getDescriptor().getFullName());
  private static final MetricsBatch EMPTY = new MetricsBatch(List.of(), 0, 0, null);

  /** Null until first needed when the batch was made from bytes. */
  private volatile @Nullable List<ResourceMetrics> resourceMetrics;
  private final int resourceCount;
  private final int pointCount;
  private volatile @Nullable ExportMetricsServiceRequest request;
  /** The protobuf encoding of this batch's request as received, in pieces (see WireForm); never modified. */
  private final @Nullable List<byte[]> wire;

  private MetricsBatch(@Nullable List<ResourceMetrics> resourceMetrics, int resourceCount, int pointCount,
      @Nullable List<byte[]> wire) {
    this.resourceMetrics = resourceMetrics;
    this.resourceCount = resourceCount;
    this.pointCount = pointCount;
    this.wire = wire;
  }

  /** A batch holding these resource metrics (the list is copied; messages are immutable). */
  public static MetricsBatch of(List<ResourceMetrics> resourceMetrics) {
    List<ResourceMetrics> copy = List.copyOf(resourceMetrics);
    return new MetricsBatch(copy, copy.size(), count(copy), null);
  }

  private static int count(List<ResourceMetrics> resourceMetrics) {
    int n = 0;
    for (ResourceMetrics rm : resourceMetrics) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += pointCount(m);
        }
      }
    }
    return n;
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
    List<ResourceMetrics> list = request.getResourceMetricsList();
    MetricsBatch b = new MetricsBatch(list, list.size(), count(list), List.of(wire));
    b.request = request;
    return b;
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

  public static MetricsBatch empty() {
    return EMPTY;
  }

  /**
   * A batch of an OTLP {@code ExportMetricsServiceRequest} in protobuf wire format, checked and counted
   * now and decoded only when its messages are asked for. The batch keeps {@code bytes}: the caller
   * must not modify them afterwards.
   *
   * @throws InvalidProtocolBufferException when protobuf's parser would refuse the bytes, with its message
   */
  public static MetricsBatch parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
    WireScanner.Counts c = WireForm.counts(SCANNER, bytes);
    if (c == null) {
      // The parser's own message for the client; a request it accepts after all is used as parsed.
      return of(ExportMetricsServiceRequest.parseFrom(bytes), bytes);
    }
    return new MetricsBatch(null, c.resources(), c.items(), List.of(bytes));
  }

  public List<ResourceMetrics> resourceMetrics() {
    List<ResourceMetrics> r = resourceMetrics;
    if (r == null) {
      r = toRequest().getResourceMetricsList();
      resourceMetrics = r;
    }
    return r;
  }

  /** The batch as an OTLP export request (built or parsed once and cached). */
  public ExportMetricsServiceRequest toRequest() {
    ExportMetricsServiceRequest r = request;
    if (r == null) {
      List<ResourceMetrics> list = resourceMetrics;
      if (list != null) {
        r = ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(list).build();
      } else {
        List<byte[]> w = wire;
        if (w == null) {
          throw new IllegalStateException("a batch has neither messages nor bytes");
        }
        r = WireForm.mergeAll(w, ExportMetricsServiceRequest.newBuilder()).build();
      }
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
    return resourceCount;
  }

  /**
   * The exact bytes this batch was received as (see {@link #parseFrom}), without copying, or null
   * when the batch was built otherwise (then encode {@link #toRequest()}).
   */
  public @Nullable ByteString wireBytes() {
    List<byte[]> w = wire;
    return w == null ? null : WireForm.bytes(w);
  }

  @Override
  public int serializedSize() {
    List<byte[]> w = wire;
    return w != null ? WireForm.size(w) : toRequest().getSerializedSize();
  }

  @Override
  public byte[] toByteArray() {
    List<byte[]> w = wire;
    return w != null ? WireForm.toByteArray(w) : toRequest().toByteArray();
  }

  @Override
  public MetricsBatch merge(List<MetricsBatch> others) {
    int resources = resourceCount;
    int n = pointCount;
    List<@Nullable List<byte[]>> wires = new ArrayList<>(others.size());
    for (MetricsBatch b : others) {
      resources += b.resourceCount;
      n += b.pointCount;
      wires.add(b.wire);
    }
    List<byte[]> merged = WireForm.concat(wire, wires);
    if (merged != null) {
      return new MetricsBatch(null, resources, n, merged);
    }
    List<ResourceMetrics> all = new ArrayList<>(resources);
    all.addAll(resourceMetrics());
    for (MetricsBatch b : others) {
      all.addAll(b.resourceMetrics());
    }
    return new MetricsBatch(List.copyOf(all), resources, n, null);
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
    for (ResourceMetrics rm : resourceMetrics()) {
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
              out.add(of(current));
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
      out.add(of(current));
    }
    return out;
  }

  @Override
  public String toString() {
    return "MetricsBatch{resources=" + resourceCount + ", points=" + pointCount + "}";
  }
}
