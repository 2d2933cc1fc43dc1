package io.otelcol4j.exporter.debug;

import static io.otelcol4j.exporter.debug.GoText.asString;
import static io.otelcol4j.exporter.debug.GoText.u;
import static io.otelcol4j.exporter.debug.GoText.v;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.util.List;

/**
 * {@code verbosity: normal}: a line per resource and scope, then about one line per span, data
 * point or log record, in the format of the collector's
 * {@code exporter/debugexporter/internal/normal}. One departure: scope lines are numbered by their
 * index within the resource, where the collector repeats the resource's index.
 */
final class NormalText {
  private NormalText() {}

  static String traces(TracesBatch batch) {
    StringBuilder sb = new StringBuilder(256);
    List<ResourceSpans> rss = batch.resourceSpans();
    for (int i = 0; i < rss.size(); i++) {
      ResourceSpans rs = rss.get(i);
      sb.append("ResourceTraces #").append(i);
      resourceDetails(sb, rs.getSchemaUrl());
      attributesString(sb, rs.getResource().getAttributesList());
      sb.append('\n');
      for (int j = 0; j < rs.getScopeSpansCount(); j++) {
        ScopeSpans ss = rs.getScopeSpans(j);
        sb.append("ScopeTraces #").append(j);
        scopeDetails(sb, ss.getScope(), ss.getSchemaUrl());
        attributesString(sb, ss.getScope().getAttributesList());
        sb.append('\n');
        for (Span span : ss.getSpansList()) {
          sb.append(span.getName()).append(' ').append(GoText.id(span.getTraceId()))
              .append(' ').append(GoText.id(span.getSpanId()));
          attributesString(sb, span.getAttributesList());
          sb.append('\n');
        }
      }
    }
    return sb.toString();
  }

  static String metrics(MetricsBatch batch) {
    StringBuilder sb = new StringBuilder(256);
    List<ResourceMetrics> rms = batch.resourceMetrics();
    for (int i = 0; i < rms.size(); i++) {
      ResourceMetrics rm = rms.get(i);
      sb.append("ResourceMetrics #").append(i);
      resourceDetails(sb, rm.getSchemaUrl());
      attributesString(sb, rm.getResource().getAttributesList());
      sb.append('\n');
      for (int j = 0; j < rm.getScopeMetricsCount(); j++) {
        ScopeMetrics sm = rm.getScopeMetrics(j);
        sb.append("ScopeMetrics #").append(j);
        scopeDetails(sb, sm.getScope(), sm.getSchemaUrl());
        attributesString(sb, sm.getScope().getAttributesList());
        sb.append('\n');
        for (Metric m : sm.getMetricsList()) {
          metric(sb, m);
        }
      }
    }
    return sb.toString();
  }

  static String logs(LogsBatch batch) {
    StringBuilder sb = new StringBuilder(256);
    List<ResourceLogs> rls = batch.resourceLogs();
    for (int i = 0; i < rls.size(); i++) {
      ResourceLogs rl = rls.get(i);
      sb.append("ResourceLog #").append(i);
      resourceDetails(sb, rl.getSchemaUrl());
      attributesString(sb, rl.getResource().getAttributesList());
      sb.append('\n');
      for (int j = 0; j < rl.getScopeLogsCount(); j++) {
        ScopeLogs sl = rl.getScopeLogs(j);
        sb.append("ScopeLog #").append(j);
        scopeDetails(sb, sl.getScope(), sl.getSchemaUrl());
        attributesString(sb, sl.getScope().getAttributesList());
        sb.append('\n');
        for (LogRecord lr : sl.getLogRecordsList()) {
          // The collector always writes the space after the body, even with no attributes.
          sb.append(asString(lr.getBody())).append(' ');
          joinAttributes(sb, lr.getAttributesList(), " ");
          sb.append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static void metric(StringBuilder sb, Metric m) {
    switch (m.getDataCase()) {
      case GAUGE:
        numberPoints(sb, m, m.getGauge().getDataPointsList());
        break;
      case SUM:
        numberPoints(sb, m, m.getSum().getDataPointsList());
        break;
      case HISTOGRAM:
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          head(sb, m, p.getAttributesList());
          sb.append("count=").append(u(p.getCount()));
          if (p.hasSum()) {
            sb.append(" sum=").append(v(p.getSum()));
          }
          if (p.hasMin()) {
            sb.append(" min=").append(v(p.getMin()));
          }
          if (p.hasMax()) {
            sb.append(" max=").append(v(p.getMax()));
          }
          for (int b = 0; b < p.getBucketCountsCount(); b++) {
            sb.append(' ');
            if (b < p.getExplicitBoundsCount()) {
              sb.append("le").append(v(p.getExplicitBounds(b))).append('=');
            }
            sb.append(u(p.getBucketCounts(b)));
          }
          sb.append('\n');
        }
        break;
      case EXPONENTIAL_HISTOGRAM:
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          head(sb, m, p.getAttributesList());
          sb.append("count=").append(u(p.getCount()));
          if (p.hasSum()) {
            sb.append(" sum=").append(v(p.getSum()));
          }
          if (p.hasMin()) {
            sb.append(" min=").append(v(p.getMin()));
          }
          if (p.hasMax()) {
            sb.append(" max=").append(v(p.getMax()));
          }
          sb.append('\n');
        }
        break;
      case SUMMARY:
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          head(sb, m, p.getAttributesList());
          sb.append("count=").append(u(p.getCount())).append(" sum=").append(GoText.f(p.getSum()));
          for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            sb.append(" q").append(v(q.getQuantile())).append('=').append(v(q.getValue()));
          }
          sb.append('\n');
        }
        break;
      default:
        break;
    }
  }

  private static void numberPoints(StringBuilder sb, Metric m, List<NumberDataPoint> points) {
    for (NumberDataPoint p : points) {
      head(sb, m, p.getAttributesList());
      if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
        sb.append(p.getAsInt());
      } else if (p.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
        sb.append(v(p.getAsDouble()));
      }
      sb.append('\n');
    }
  }

  /** {@code name{k=v,k2=v2} }. */
  private static void head(StringBuilder sb, Metric m, List<KeyValue> attributes) {
    sb.append(m.getName()).append('{');
    joinAttributes(sb, attributes, ",");
    sb.append("} ");
  }

  private static void joinAttributes(StringBuilder sb, List<KeyValue> attributes, String separator) {
    for (int i = 0; i < attributes.size(); i++) {
      if (i > 0) {
        sb.append(separator);
      }
      KeyValue kv = attributes.get(i);
      sb.append(kv.getKey()).append('=').append(asString(kv.getValue()));
    }
  }

  /** {@code " k=v k2=v2"}, or nothing when there are no attributes. */
  private static void attributesString(StringBuilder sb, List<KeyValue> attributes) {
    if (!attributes.isEmpty()) {
      sb.append(' ');
      joinAttributes(sb, attributes, " ");
    }
  }

  private static void resourceDetails(StringBuilder sb, String schemaUrl) {
    if (!schemaUrl.isEmpty()) {
      sb.append(" [").append(schemaUrl).append(']');
    }
  }

  private static void scopeDetails(StringBuilder sb, InstrumentationScope scope, String schemaUrl) {
    StringBuilder details = new StringBuilder();
    details.append(scope.getName());
    if (!scope.getVersion().isEmpty()) {
      details.append('@').append(scope.getVersion());
    }
    if (!schemaUrl.isEmpty()) {
      if (details.length() > 0) {
        details.append(' ');
      }
      details.append('[').append(schemaUrl).append(']');
    }
    if (details.length() > 0) {
      sb.append(' ').append(details);
    }
  }
}
