package io.otelcol4j.exporter.debug;

import static io.otelcol4j.exporter.debug.GoText.f;
import static io.otelcol4j.exporter.debug.GoText.id;
import static io.otelcol4j.exporter.debug.GoText.timestamp;
import static io.otelcol4j.exporter.debug.GoText.u;
import static io.otelcol4j.exporter.debug.GoText.valueToString;

import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.util.List;

/**
 * {@code verbosity: detailed}: every field of every item, in the text format of the collector's
 * {@code exporter/debugexporter/internal/otlptext}, line for line.
 */
final class DetailedText {
  private final StringBuilder sb = new StringBuilder(1024);

  private DetailedText() {}

  static String traces(TracesBatch batch) {
    DetailedText b = new DetailedText();
    List<ResourceSpans> rss = batch.resourceSpans();
    for (int i = 0; i < rss.size(); i++) {
      ResourceSpans rs = rss.get(i);
      b.line("ResourceSpans #" + i);
      b.line("Resource SchemaURL: " + rs.getSchemaUrl());
      b.resource(rs.getResource());
      for (int j = 0; j < rs.getScopeSpansCount(); j++) {
        ScopeSpans ss = rs.getScopeSpans(j);
        b.line("ScopeSpans #" + j);
        b.line("ScopeSpans SchemaURL: " + ss.getSchemaUrl());
        b.scope(ss.getScope());
        for (int k = 0; k < ss.getSpansCount(); k++) {
          Span span = ss.getSpans(k);
          b.line("Span #" + k);
          b.attr("Trace ID", id(span.getTraceId()));
          b.attr("Parent ID", id(span.getParentSpanId()));
          b.attr("ID", id(span.getSpanId()));
          b.attr("Name", span.getName());
          b.attr("Kind", GoText.spanKind(span.getKindValue()));
          if (!span.getTraceState().isEmpty()) {
            b.attr("TraceState", span.getTraceState());
          }
          b.attr("Start time", timestamp(span.getStartTimeUnixNano()));
          b.attr("End time", timestamp(span.getEndTimeUnixNano()));
          b.attr("Status code", GoText.statusCode(span.getStatus().getCodeValue()));
          b.attr("Status message", span.getStatus().getMessage());
          b.attr("DroppedAttributesCount", Integer.toUnsignedString(span.getDroppedAttributesCount()));
          b.attr("DroppedEventsCount", Integer.toUnsignedString(span.getDroppedEventsCount()));
          b.attr("DroppedLinksCount", Integer.toUnsignedString(span.getDroppedLinksCount()));
          b.attributes("Attributes", span.getAttributesList());
          b.events(span.getEventsList());
          b.links(span.getLinksList());
        }
      }
    }
    return b.sb.toString();
  }

  static String metrics(MetricsBatch batch) {
    DetailedText b = new DetailedText();
    List<ResourceMetrics> rms = batch.resourceMetrics();
    for (int i = 0; i < rms.size(); i++) {
      ResourceMetrics rm = rms.get(i);
      b.line("ResourceMetrics #" + i);
      b.line("Resource SchemaURL: " + rm.getSchemaUrl());
      b.resource(rm.getResource());
      for (int j = 0; j < rm.getScopeMetricsCount(); j++) {
        ScopeMetrics sm = rm.getScopeMetrics(j);
        b.line("ScopeMetrics #" + j);
        b.line("ScopeMetrics SchemaURL: " + sm.getSchemaUrl());
        b.scope(sm.getScope());
        for (int k = 0; k < sm.getMetricsCount(); k++) {
          Metric m = sm.getMetrics(k);
          b.line("Metric #" + k);
          b.line("Descriptor:");
          b.line("     -> Name: " + m.getName());
          b.line("     -> Description: " + m.getDescription());
          b.line("     -> Unit: " + m.getUnit());
          b.line("     -> DataType: " + metricType(m));
          b.dataPoints(m);
        }
      }
    }
    return b.sb.toString();
  }

  static String logs(LogsBatch batch) {
    DetailedText b = new DetailedText();
    List<ResourceLogs> rls = batch.resourceLogs();
    for (int i = 0; i < rls.size(); i++) {
      ResourceLogs rl = rls.get(i);
      b.line("ResourceLog #" + i);
      b.line("Resource SchemaURL: " + rl.getSchemaUrl());
      b.resource(rl.getResource());
      for (int j = 0; j < rl.getScopeLogsCount(); j++) {
        ScopeLogs sl = rl.getScopeLogs(j);
        b.line("ScopeLogs #" + j);
        b.line("ScopeLogs SchemaURL: " + sl.getSchemaUrl());
        b.scope(sl.getScope());
        for (int k = 0; k < sl.getLogRecordsCount(); k++) {
          LogRecord lr = sl.getLogRecords(k);
          b.line("LogRecord #" + k);
          b.line("ObservedTimestamp: " + timestamp(lr.getObservedTimeUnixNano()));
          b.line("Timestamp: " + timestamp(lr.getTimeUnixNano()));
          b.line("SeverityText: " + lr.getSeverityText());
          b.line("SeverityNumber: " + GoText.severity(lr.getSeverityNumberValue()) + "(" + lr.getSeverityNumberValue() + ")");
          if (!lr.getEventName().isEmpty()) {
            b.line("EventName: " + lr.getEventName());
          }
          b.line("Body: " + valueToString(lr.getBody()));
          b.attributes("Attributes", lr.getAttributesList());
          b.line("Trace ID: " + id(lr.getTraceId()));
          b.line("Span ID: " + id(lr.getSpanId()));
          b.line("Flags: " + Integer.toUnsignedString(lr.getFlags()));
        }
      }
    }
    return b.sb.toString();
  }

  static String metricType(Metric m) {
    switch (m.getDataCase()) {
      case GAUGE:
        return "Gauge";
      case SUM:
        return "Sum";
      case HISTOGRAM:
        return "Histogram";
      case EXPONENTIAL_HISTOGRAM:
        return "ExponentialHistogram";
      case SUMMARY:
        return "Summary";
      default:
        return "Empty";
    }
  }

  // ---- parts

  private void line(String s) {
    sb.append(s).append('\n');
  }

  /** Go's {@code "    %-15s: %s"}. */
  private void attr(String name, String value) {
    sb.append("    ").append(name);
    for (int i = name.length(); i < 15; i++) {
      sb.append(' ');
    }
    sb.append(": ").append(value).append('\n');
  }

  private void attributes(String header, List<KeyValue> attributes) {
    if (attributes.isEmpty()) {
      return;
    }
    line(header + ":");
    String prefix = "     ->";
    int arrow = header.indexOf("->");
    if (arrow >= 0) {
      prefix = header.substring(0, arrow) + prefix;
    }
    for (KeyValue kv : attributes) {
      line(prefix + " " + kv.getKey() + ": " + valueToString(kv.getValue()));
    }
  }

  private void resource(Resource resource) {
    attributes("Resource attributes", resource.getAttributesList());
    if (resource.getEntityRefsCount() == 0) {
      return;
    }
    line("Resource entity refs:");
    for (int i = 0; i < resource.getEntityRefsCount(); i++) {
      EntityRef ref = resource.getEntityRefs(i);
      line("     -> Entity ref #" + i + ":");
      line("          -> Type: " + ref.getType());
      if (!ref.getSchemaUrl().isEmpty()) {
        line("          -> Schema URL: " + ref.getSchemaUrl());
      }
      if (ref.getIdKeysCount() > 0) {
        line("          -> ID keys:");
        for (String k : ref.getIdKeysList()) {
          line("               -> " + k);
        }
      }
      if (ref.getDescriptionKeysCount() > 0) {
        line("          -> Description keys:");
        for (String k : ref.getDescriptionKeysList()) {
          line("               -> " + k);
        }
      }
    }
  }

  private void scope(InstrumentationScope scope) {
    line("InstrumentationScope " + scope.getName() + " " + scope.getVersion());
    attributes("InstrumentationScope attributes", scope.getAttributesList());
  }

  private void events(List<Span.Event> events) {
    if (events.isEmpty()) {
      return;
    }
    line("Events:");
    for (int i = 0; i < events.size(); i++) {
      Span.Event e = events.get(i);
      line("SpanEvent #" + i);
      line("     -> Name: " + e.getName());
      line("     -> Timestamp: " + timestamp(e.getTimeUnixNano()));
      line("     -> DroppedAttributesCount: " + Integer.toUnsignedString(e.getDroppedAttributesCount()));
      attributes("     -> Attributes:", e.getAttributesList());
    }
  }

  private void links(List<Span.Link> links) {
    if (links.isEmpty()) {
      return;
    }
    line("Links:");
    for (int i = 0; i < links.size(); i++) {
      Span.Link l = links.get(i);
      line("SpanLink #" + i);
      line("     -> Trace ID: " + id(l.getTraceId()));
      line("     -> ID: " + id(l.getSpanId()));
      line("     -> TraceState: " + l.getTraceState());
      line("     -> DroppedAttributesCount: " + Integer.toUnsignedString(l.getDroppedAttributesCount()));
      attributes("     -> Attributes:", l.getAttributesList());
    }
  }

  private void dataPoints(Metric m) {
    switch (m.getDataCase()) {
      case GAUGE:
        numberPoints(m.getGauge().getDataPointsList());
        break;
      case SUM:
        line("     -> IsMonotonic: " + m.getSum().getIsMonotonic());
        line("     -> AggregationTemporality: " + GoText.temporality(m.getSum().getAggregationTemporalityValue()));
        numberPoints(m.getSum().getDataPointsList());
        break;
      case HISTOGRAM:
        line("     -> AggregationTemporality: " + GoText.temporality(m.getHistogram().getAggregationTemporalityValue()));
        histogramPoints(m.getHistogram().getDataPointsList());
        break;
      case EXPONENTIAL_HISTOGRAM:
        line("     -> AggregationTemporality: "
            + GoText.temporality(m.getExponentialHistogram().getAggregationTemporalityValue()));
        exponentialPoints(m.getExponentialHistogram().getDataPointsList());
        break;
      case SUMMARY:
        summaryPoints(m.getSummary().getDataPointsList());
        break;
      default:
        break;
    }
  }

  private void numberPoints(List<NumberDataPoint> points) {
    for (int i = 0; i < points.size(); i++) {
      NumberDataPoint p = points.get(i);
      line("NumberDataPoints #" + i);
      attributes("Data point attributes", p.getAttributesList());
      line("StartTimestamp: " + timestamp(p.getStartTimeUnixNano()));
      line("Timestamp: " + timestamp(p.getTimeUnixNano()));
      if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
        line("Value: " + p.getAsInt());
      } else if (p.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
        line("Value: " + f(p.getAsDouble()));
      }
      exemplars(p.getExemplarsList());
    }
  }

  private void histogramPoints(List<HistogramDataPoint> points) {
    for (int i = 0; i < points.size(); i++) {
      HistogramDataPoint p = points.get(i);
      line("HistogramDataPoints #" + i);
      attributes("Data point attributes", p.getAttributesList());
      line("StartTimestamp: " + timestamp(p.getStartTimeUnixNano()));
      line("Timestamp: " + timestamp(p.getTimeUnixNano()));
      line("Count: " + u(p.getCount()));
      if (p.hasSum()) {
        line("Sum: " + f(p.getSum()));
      }
      if (p.hasMin()) {
        line("Min: " + f(p.getMin()));
      }
      if (p.hasMax()) {
        line("Max: " + f(p.getMax()));
      }
      for (int b = 0; b < p.getExplicitBoundsCount(); b++) {
        line("ExplicitBounds #" + b + ": " + f(p.getExplicitBounds(b)));
      }
      for (int b = 0; b < p.getBucketCountsCount(); b++) {
        line("Buckets #" + b + ", Count: " + u(p.getBucketCounts(b)));
      }
      exemplars(p.getExemplarsList());
    }
  }

  private void exponentialPoints(List<ExponentialHistogramDataPoint> points) {
    for (int i = 0; i < points.size(); i++) {
      ExponentialHistogramDataPoint p = points.get(i);
      line("ExponentialHistogramDataPoints #" + i);
      attributes("Data point attributes", p.getAttributesList());
      line("StartTimestamp: " + timestamp(p.getStartTimeUnixNano()));
      line("Timestamp: " + timestamp(p.getTimeUnixNano()));
      line("Count: " + u(p.getCount()));
      if (p.hasSum()) {
        line("Sum: " + f(p.getSum()));
      }
      if (p.hasMin()) {
        line("Min: " + f(p.getMin()));
      }
      if (p.hasMax()) {
        line("Max: " + f(p.getMax()));
      }
      // Bucket boundaries as the collector computes them: base^index with base = 2^(2^-scale).
      double factor = Math.scalb(Math.log(2), -p.getScale());
      List<Long> neg = p.getNegative().getBucketCountsList();
      for (int n = 0; n < neg.size(); n++) {
        int pos = neg.size() - n - 1;
        double index = (double) p.getNegative().getOffset() + pos;
        double lower = Math.exp(index * factor);
        double upper = Math.exp((index + 1) * factor);
        line("Bucket [" + f(-upper) + ", " + f(-lower) + "), Count: " + u(neg.get(pos)));
      }
      if (p.getZeroCount() != 0) {
        line("Bucket [0, 0], Count: " + u(p.getZeroCount()));
      }
      List<Long> posB = p.getPositive().getBucketCountsList();
      for (int pos = 0; pos < posB.size(); pos++) {
        double index = (double) p.getPositive().getOffset() + pos;
        double lower = Math.exp(index * factor);
        double upper = Math.exp((index + 1) * factor);
        line("Bucket (" + f(lower) + ", " + f(upper) + "], Count: " + u(posB.get(pos)));
      }
      exemplars(p.getExemplarsList());
    }
  }

  private void summaryPoints(List<SummaryDataPoint> points) {
    for (int i = 0; i < points.size(); i++) {
      SummaryDataPoint p = points.get(i);
      line("SummaryDataPoints #" + i);
      attributes("Data point attributes", p.getAttributesList());
      line("StartTimestamp: " + timestamp(p.getStartTimeUnixNano()));
      line("Timestamp: " + timestamp(p.getTimeUnixNano()));
      line("Count: " + u(p.getCount()));
      line("Sum: " + f(p.getSum()));
      for (int q = 0; q < p.getQuantileValuesCount(); q++) {
        SummaryDataPoint.ValueAtQuantile v = p.getQuantileValues(q);
        line("QuantileValue #" + q + ": Quantile " + f(v.getQuantile()) + ", Value " + f(v.getValue()));
      }
    }
  }

  private void exemplars(List<Exemplar> exemplars) {
    if (exemplars.isEmpty()) {
      return;
    }
    line("Exemplars:");
    for (int i = 0; i < exemplars.size(); i++) {
      Exemplar e = exemplars.get(i);
      line("Exemplar #" + i);
      line("     -> Trace ID: " + id(e.getTraceId()));
      line("     -> Span ID: " + id(e.getSpanId()));
      line("     -> Timestamp: " + timestamp(e.getTimeUnixNano()));
      if (e.getValueCase() == Exemplar.ValueCase.AS_INT) {
        line("     -> Value: " + e.getAsInt());
      } else if (e.getValueCase() == Exemplar.ValueCase.AS_DOUBLE) {
        line("     -> Value: " + f(e.getAsDouble()));
      }
      attributes("     -> FilteredAttributes", e.getFilteredAttributesList());
    }
  }
}
