package io.otelcol4j.consumer;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Test batches of a given shape. Items are numbered in order across the batch, so a split can be
 * checked for order and completeness: span names, log bodies and point attributes are "item-N";
 * resources are "r0", "r1", … and scopes "s0", "s1", … within a resource.
 */
final class Batches {
  private Batches() {}

  static Resource resource(int i) {
    return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
        .setValue(AnyValue.newBuilder().setStringValue("r" + i))).build();
  }

  static InstrumentationScope scope(int i) {
    return InstrumentationScope.newBuilder().setName("s" + i).build();
  }

  /** One resource, one scope, {@code count} spans numbered from {@code first}. */
  static TracesBatch traces(int first, int count) {
    return traces(first, new int[][] {{count}});
  }

  /** {@code shape[r][s]} spans in scope s of resource r. */
  static TracesBatch traces(int first, int[][] shape) {
    int n = first;
    List<ResourceSpans> rs = new ArrayList<>();
    for (int r = 0; r < shape.length; r++) {
      ResourceSpans.Builder rb = ResourceSpans.newBuilder().setResource(resource(r)).setSchemaUrl("schema-r" + r);
      for (int s = 0; s < shape[r].length; s++) {
        ScopeSpans.Builder sb = ScopeSpans.newBuilder().setScope(scope(s));
        for (int i = 0; i < shape[r][s]; i++) {
          sb.addSpans(Span.newBuilder().setName("item-" + n++));
        }
        rb.addScopeSpans(sb);
      }
      rs.add(rb.build());
    }
    return TracesBatch.of(rs);
  }

  static LogsBatch logs(int first, int[][] shape) {
    int n = first;
    List<ResourceLogs> rl = new ArrayList<>();
    for (int r = 0; r < shape.length; r++) {
      ResourceLogs.Builder rb = ResourceLogs.newBuilder().setResource(resource(r));
      for (int s = 0; s < shape[r].length; s++) {
        ScopeLogs.Builder sb = ScopeLogs.newBuilder().setScope(scope(s));
        for (int i = 0; i < shape[r][s]; i++) {
          sb.addLogRecords(LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("item-" + n++)));
        }
        rb.addScopeLogs(sb);
      }
      rl.add(rb.build());
    }
    return LogsBatch.of(rl);
  }

  private static KeyValue item(int n) {
    return KeyValue.newBuilder().setKey("item").setValue(AnyValue.newBuilder().setStringValue("item-" + n)).build();
  }

  /**
   * {@code shape[r][s][m]} points in metric m of scope s of resource r; metric m has type
   * {@code m % 5}: gauge, sum, histogram, exponential histogram, summary.
   */
  static MetricsBatch metrics(int first, int[][][] shape) {
    int n = first;
    List<ResourceMetrics> rm = new ArrayList<>();
    for (int r = 0; r < shape.length; r++) {
      ResourceMetrics.Builder rb = ResourceMetrics.newBuilder().setResource(resource(r));
      for (int s = 0; s < shape[r].length; s++) {
        ScopeMetrics.Builder sb = ScopeMetrics.newBuilder().setScope(scope(s));
        for (int m = 0; m < shape[r][s].length; m++) {
          Metric.Builder mb = Metric.newBuilder().setName("m" + m).setUnit("1");
          int points = shape[r][s][m];
          switch (m % 5) {
            case 0 -> {
              Gauge.Builder g = Gauge.newBuilder();
              for (int i = 0; i < points; i++) {
                g.addDataPoints(NumberDataPoint.newBuilder().addAttributes(item(n++)));
              }
              mb.setGauge(g);
            }
            case 1 -> {
              Sum.Builder g = Sum.newBuilder().setIsMonotonic(true);
              for (int i = 0; i < points; i++) {
                g.addDataPoints(NumberDataPoint.newBuilder().addAttributes(item(n++)));
              }
              mb.setSum(g);
            }
            case 2 -> {
              Histogram.Builder g = Histogram.newBuilder();
              for (int i = 0; i < points; i++) {
                g.addDataPoints(HistogramDataPoint.newBuilder().addAttributes(item(n++)));
              }
              mb.setHistogram(g);
            }
            case 3 -> {
              ExponentialHistogram.Builder g = ExponentialHistogram.newBuilder();
              for (int i = 0; i < points; i++) {
                g.addDataPoints(ExponentialHistogramDataPoint.newBuilder().addAttributes(item(n++)));
              }
              mb.setExponentialHistogram(g);
            }
            default -> {
              Summary.Builder g = Summary.newBuilder();
              for (int i = 0; i < points; i++) {
                g.addDataPoints(SummaryDataPoint.newBuilder().addAttributes(item(n++)));
              }
              mb.setSummary(g);
            }
          }
          sb.addMetrics(mb);
        }
        rb.addScopeMetrics(sb);
      }
      rm.add(rb.build());
    }
    return MetricsBatch.of(rm);
  }

  /** "r0/s1/item-3" for every span, in order. */
  static List<String> items(TracesBatch b) {
    List<String> out = new ArrayList<>();
    for (ResourceSpans rs : b.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          out.add(name(rs.getResource()) + "/" + ss.getScope().getName() + "/" + s.getName());
        }
      }
    }
    return out;
  }

  static List<String> items(LogsBatch b) {
    List<String> out = new ArrayList<>();
    for (ResourceLogs rl : b.resourceLogs()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord l : sl.getLogRecordsList()) {
          out.add(name(rl.getResource()) + "/" + sl.getScope().getName() + "/" + l.getBody().getStringValue());
        }
      }
    }
    return out;
  }

  /** "r0/s0/m2/item-7" for every data point, in order. */
  static List<String> items(MetricsBatch b) {
    List<String> out = new ArrayList<>();
    for (ResourceMetrics rm : b.resourceMetrics()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          String prefix = name(rm.getResource()) + "/" + sm.getScope().getName() + "/" + m.getName() + "/";
          List<List<KeyValue>> attrs = new ArrayList<>();
          switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> attrs.add(p.getAttributesList()));
            case SUM -> m.getSum().getDataPointsList().forEach(p -> attrs.add(p.getAttributesList()));
            case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> attrs.add(p.getAttributesList()));
            case EXPONENTIAL_HISTOGRAM ->
                m.getExponentialHistogram().getDataPointsList().forEach(p -> attrs.add(p.getAttributesList()));
            case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> attrs.add(p.getAttributesList()));
            default -> { }
          }
          attrs.forEach(a -> out.add(prefix + a.get(0).getValue().getStringValue()));
        }
      }
    }
    return out;
  }

  private static String name(Resource r) {
    return r.getAttributes(0).getValue().getStringValue();
  }
}
