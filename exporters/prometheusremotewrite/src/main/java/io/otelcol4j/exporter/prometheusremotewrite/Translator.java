package io.otelcol4j.exporter.prometheusremotewrite;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.BucketSpan;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Exemplar;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Histogram;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Label;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.MetricMetadata;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.MetricType;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Sample;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.TimeSeries;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * OTLP metrics to Prometheus time series, as collector-contrib's
 * {@code pkg/translator/prometheusremotewrite} does it:
 *
 * <ul>
 *   <li>gauges and sums become samples; monotonic sums get {@code _total}; delta sums and
 *       histograms cannot be expressed and are dropped (counted);
 *   <li>histograms become {@code _bucket{le}} (cumulative, with {@code +Inf}), {@code _sum} and
 *       {@code _count}; summaries {@code {quantile}}, {@code _sum} and {@code _count};
 *       exponential histograms become native histograms (scale above 8 is reduced to 8; below -4
 *       they are dropped);
 *   <li>a point flagged "no recorded value" becomes the staleness marker;
 *   <li>{@code job} is {@code service.namespace/service.name} and {@code instance}
 *       {@code service.instance.id}; the other resource attributes go to one {@code target_info}
 *       series per resource (or onto every series with {@code resource_to_telemetry_conversion});
 *   <li>external labels are added to series that lack them.
 * </ul>
 *
 * <p>Not thread-safe: one instance per call, or confined to one thread.
 */
final class Translator {
  static final String NAME = "__name__";
  private static final String JOB = "job";
  private static final String INSTANCE = "instance";
  private static final String SERVICE_NAME = "service.name";
  private static final String SERVICE_NAMESPACE = "service.namespace";
  private static final String SERVICE_INSTANCE_ID = "service.instance.id";
  private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
  private static final HexFormat HEX = HexFormat.of();

  /** What the translator is told by the config. */
  record Options(String namespace, Map<String, String> externalLabels, boolean resourceToTelemetry,
      boolean targetInfo, boolean exportCreated, boolean addSuffixes, boolean sendMetadata) {
    static Options of(PrometheusRemoteWriteExporterConfig c) {
      Map<String, String> external = new TreeMap<>();
      c.externalLabels().forEach((k, v) -> external.put(Names.labelName(k), v));
      return new Options(c.namespace(), external, c.resourceToTelemetryConversion(), c.targetInfo(),
          c.exportCreatedMetric(), c.addMetricSuffixes(), c.sendMetadata());
    }
  }

  /**
   * The translation of one batch.
   *
   * @param series the series, each with its points in time order
   * @param metadata one entry per metric family, when {@code send_metadata} is on
   * @param droppedPoints data points that could not be translated
   * @param firstDropReason why the first of them was dropped, or null
   */
  record Result(List<TimeSeries> series, List<MetricMetadata> metadata, int droppedPoints,
      @Nullable String firstDropReason) {}

  private static final class Acc {
    final List<Label> labels;
    final List<Sample> samples = new ArrayList<>(1);
    final List<Exemplar> exemplars = new ArrayList<>(0);
    final List<Histogram> histograms = new ArrayList<>(0);

    Acc(List<Label> labels) {
      this.labels = labels;
    }
  }

  private final Options options;
  private final Map<List<Label>, Acc> series = new LinkedHashMap<>();
  private final Map<String, MetricMetadata> metadata = new LinkedHashMap<>();
  private int dropped;
  private @Nullable String firstDropReason;

  Translator(Options options) {
    this.options = options;
  }

  Result translate(List<ResourceMetrics> resources) {
    for (ResourceMetrics rm : resources) {
      Resource res = new Resource(rm.getResource().getAttributesList());
      long latestMs = Long.MIN_VALUE;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          latestMs = Math.max(latestMs, translate(res, m));
        }
      }
      if (options.targetInfo && latestMs != Long.MIN_VALUE) {
        addTargetInfo(res, latestMs);
      }
    }
    List<TimeSeries> out = new ArrayList<>(series.size());
    for (Acc a : series.values()) {
      a.samples.sort(Comparator.comparingLong(Sample::timestampMs));
      a.histograms.sort(Comparator.comparingLong(Histogram::timestampMs));
      out.add(new TimeSeries(a.labels, List.copyOf(a.samples), List.copyOf(a.exemplars), List.copyOf(a.histograms)));
    }
    return new Result(out, List.copyOf(metadata.values()), dropped, firstDropReason);
  }

  /** The resource's identifying labels and its other attributes. */
  private static final class Resource {
    final List<KeyValue> attributes;
    final @Nullable String job;
    final @Nullable String instance;

    Resource(List<KeyValue> attributes) {
      this.attributes = attributes;
      String name = null;
      String ns = null;
      String inst = null;
      for (KeyValue kv : attributes) {
        switch (kv.getKey()) {
          case SERVICE_NAME -> name = asString(kv.getValue());
          case SERVICE_NAMESPACE -> ns = asString(kv.getValue());
          case SERVICE_INSTANCE_ID -> inst = asString(kv.getValue());
          default -> { }
        }
      }
      this.job = name == null ? null : ns == null || ns.isEmpty() ? name : ns + "/" + name;
      this.instance = inst;
    }
  }

  private void drop(int points, String reason) {
    dropped += points;
    if (firstDropReason == null) {
      firstDropReason = reason;
    }
  }

  /** Translates one metric; returns its latest timestamp in ms, or Long.MIN_VALUE when none. */
  private long translate(Resource res, Metric m) {
    String name = Names.metricName(m, options.namespace, options.addSuffixes);
    int points = io.otelcol4j.consumer.MetricsBatch.pointCount(m);
    if (name.isEmpty()) {
      drop(points, "metric without a name");
      return Long.MIN_VALUE;
    }
    long latest = Long.MIN_VALUE;
    switch (m.getDataCase()) {
      case GAUGE -> {
        meta(name, MetricType.GAUGE, m);
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          latest = Math.max(latest, number(res, name, p, false));
        }
      }
      case SUM -> {
        if (m.getSum().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          drop(points, "invalid temporality and type combination for metric \"" + m.getName() + "\"");
          return latest;
        }
        boolean counter = m.getSum().getIsMonotonic();
        meta(name, counter ? MetricType.COUNTER : MetricType.GAUGE, m);
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          latest = Math.max(latest, number(res, name, p, counter));
        }
      }
      case HISTOGRAM -> {
        if (m.getHistogram().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          drop(points, "invalid temporality and type combination for metric \"" + m.getName() + "\"");
          return latest;
        }
        meta(name, MetricType.HISTOGRAM, m);
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          latest = Math.max(latest, histogram(res, name, p));
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        if (m.getExponentialHistogram().getAggregationTemporality()
            != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          drop(points, "invalid temporality and type combination for metric \"" + m.getName() + "\"");
          return latest;
        }
        meta(name, MetricType.HISTOGRAM, m);
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          latest = Math.max(latest, nativeHistogram(res, name, p));
        }
      }
      case SUMMARY -> {
        meta(name, MetricType.SUMMARY, m);
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          latest = Math.max(latest, summary(res, name, p));
        }
      }
      default -> drop(points, "metric \"" + m.getName() + "\" has no data type");
    }
    return latest;
  }

  private void meta(String name, MetricType type, Metric m) {
    if (options.sendMetadata) {
      metadata.putIfAbsent(name, new MetricMetadata(type, name, m.getDescription(), m.getUnit()));
    }
  }

  private long number(Resource res, String name, NumberDataPoint p, boolean counter) {
    long ts = ms(p.getTimeUnixNano());
    double v = (p.getFlags() & NO_RECORDED_VALUE) != 0 ? RemoteWrite.STALE_NAN
        : p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (double) p.getAsInt() : p.getAsDouble();
    Acc a = acc(labels(res, p.getAttributesList(), name, null, null));
    a.samples.add(new Sample(v, ts));
    if (counter) {
      for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
        a.exemplars.add(exemplar(e));
      }
      created(res, name, p.getAttributesList(), p.getStartTimeUnixNano(), ts);
    }
    return ts;
  }

  private long histogram(Resource res, String name, HistogramDataPoint p) {
    long ts = ms(p.getTimeUnixNano());
    boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
    List<KeyValue> attrs = p.getAttributesList();
    if (p.hasSum()) {
      acc(labels(res, attrs, name + "_sum", null, null)).samples.add(new Sample(stale ? RemoteWrite.STALE_NAN : p.getSum(), ts));
    }
    acc(labels(res, attrs, name + "_count", null, null)).samples.add(
        new Sample(stale ? RemoteWrite.STALE_NAN : (double) p.getCount(), ts));
    int bounds = p.getExplicitBoundsCount();
    List<Acc> buckets = new ArrayList<>(bounds + 1);
    long cumulative = 0;
    for (int i = 0; i < bounds; i++) {
      cumulative += i < p.getBucketCountsCount() ? p.getBucketCounts(i) : 0;
      Acc b = acc(labels(res, attrs, name + "_bucket", "le", Names.formatFloat(p.getExplicitBounds(i))));
      b.samples.add(new Sample(stale ? RemoteWrite.STALE_NAN : (double) cumulative, ts));
      buckets.add(b);
    }
    Acc inf = acc(labels(res, attrs, name + "_bucket", "le", "+Inf"));
    inf.samples.add(new Sample(stale ? RemoteWrite.STALE_NAN : (double) p.getCount(), ts));
    buckets.add(inf);
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
      Exemplar ex = exemplar(e);
      int i = 0;
      while (i < bounds && ex.value() > p.getExplicitBounds(i)) {
        i++;
      }
      buckets.get(i).exemplars.add(ex);
    }
    created(res, name, attrs, p.getStartTimeUnixNano(), ts);
    return ts;
  }

  private long summary(Resource res, String name, SummaryDataPoint p) {
    long ts = ms(p.getTimeUnixNano());
    boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
    List<KeyValue> attrs = p.getAttributesList();
    acc(labels(res, attrs, name + "_sum", null, null)).samples.add(new Sample(stale ? RemoteWrite.STALE_NAN : p.getSum(), ts));
    acc(labels(res, attrs, name + "_count", null, null)).samples.add(
        new Sample(stale ? RemoteWrite.STALE_NAN : (double) p.getCount(), ts));
    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
      acc(labels(res, attrs, name, "quantile", Names.formatFloat(q.getQuantile())))
          .samples.add(new Sample(stale ? RemoteWrite.STALE_NAN : q.getValue(), ts));
    }
    created(res, name, attrs, p.getStartTimeUnixNano(), ts);
    return ts;
  }

  private long nativeHistogram(Resource res, String name, ExponentialHistogramDataPoint p) {
    long ts = ms(p.getTimeUnixNano());
    int scale = p.getScale();
    if (scale < -4) {
      drop(1, "cannot convert exponential to native histogram. Scale must be >= -4, was " + scale);
      return Long.MIN_VALUE;
    }
    int scaleDown = Math.max(0, scale - 8);
    boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
    List<BucketSpan> posSpans = new ArrayList<>(1);
    long[] posDeltas = buckets(p.getPositive(), scaleDown, posSpans);
    List<BucketSpan> negSpans = new ArrayList<>(1);
    long[] negDeltas = buckets(p.getNegative(), scaleDown, negSpans);
    double sum = stale ? RemoteWrite.STALE_NAN : p.hasSum() ? p.getSum() : 0;
    double zeroThreshold = p.getZeroThreshold() > 0 ? p.getZeroThreshold() : 1e-128;
    Histogram h = new Histogram(p.getCount(), sum, Math.min(scale, 8), zeroThreshold, p.getZeroCount(),
        List.copyOf(negSpans), negDeltas, List.copyOf(posSpans), posDeltas, 0, ts);
    Acc a = acc(labels(res, p.getAttributesList(), name, null, null));
    a.histograms.add(h);
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
      a.exemplars.add(exemplar(e));
    }
    return ts;
  }

  /**
   * One span over all OTLP buckets (merged by {@code 2^scaleDown}), as deltas. Prometheus bucket
   * {@code i} is {@code (base^(i-1), base^i]} and OTLP bucket {@code i} is {@code (base^i,
   * base^(i+1)]}, so indexes shift by one.
   */
  private static long[] buckets(ExponentialHistogramDataPoint.Buckets b, int scaleDown, List<BucketSpan> spans) {
    int n = b.getBucketCountsCount();
    if (n == 0) {
      return new long[0];
    }
    int first = b.getOffset() >> scaleDown;
    int last = (b.getOffset() + n - 1) >> scaleDown;
    long[] merged = new long[last - first + 1];
    for (int i = 0; i < n; i++) {
      merged[((b.getOffset() + i) >> scaleDown) - first] += b.getBucketCounts(i);
    }
    spans.add(new BucketSpan(first + 1, merged.length));
    long prev = 0;
    for (int i = 0; i < merged.length; i++) {
      long c = merged[i];
      merged[i] = c - prev;
      prev = c;
    }
    return merged;
  }

  private void created(Resource res, String name, List<KeyValue> attrs, long startNanos, long ts) {
    if (!options.exportCreated || startNanos == 0) {
      return;
    }
    String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    acc(labels(res, attrs, base + "_created", null, null)).samples.add(new Sample((double) ms(startNanos), ts));
  }

  private void addTargetInfo(Resource res, long timestampMs) {
    List<KeyValue> other = new ArrayList<>(res.attributes.size());
    for (KeyValue kv : res.attributes) {
      String k = kv.getKey();
      if (!k.equals(SERVICE_NAME) && !k.equals(SERVICE_NAMESPACE) && !k.equals(SERVICE_INSTANCE_ID)) {
        other.add(kv);
      }
    }
    if (other.isEmpty()) {
      return;
    }
    Map<String, String> l = new TreeMap<>();
    putAttributes(l, other);
    finish(l, res, Names.withNamespace("target_info", options.namespace), null, null);
    acc(toList(l)).samples.add(new Sample(1, timestampMs));
  }

  private Exemplar exemplar(io.opentelemetry.proto.metrics.v1.Exemplar e) {
    List<Label> labels = new ArrayList<>();
    Map<String, String> attrs = new TreeMap<>();
    putAttributes(attrs, e.getFilteredAttributesList());
    attrs.forEach((k, v) -> labels.add(new Label(k, v)));
    if (!e.getTraceId().isEmpty()) {
      labels.add(new Label("trace_id", HEX.formatHex(e.getTraceId().toByteArray())));
    }
    if (!e.getSpanId().isEmpty()) {
      labels.add(new Label("span_id", HEX.formatHex(e.getSpanId().toByteArray())));
    }
    double v = e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT
        ? (double) e.getAsInt() : e.getAsDouble();
    return new Exemplar(List.copyOf(labels), v, ms(e.getTimeUnixNano()));
  }

  private Acc acc(List<Label> labels) {
    return series.computeIfAbsent(labels, Acc::new);
  }

  private List<Label> labels(Resource res, List<KeyValue> pointAttrs, String name, @Nullable String extraName,
      @Nullable String extraValue) {
    Map<String, String> l = new TreeMap<>();
    if (options.resourceToTelemetry && !res.attributes.isEmpty()) {
      // Point attributes win over resource attributes of the same key.
      Map<String, KeyValue> merged = new LinkedHashMap<>();
      for (KeyValue kv : res.attributes) {
        merged.put(kv.getKey(), kv);
      }
      for (KeyValue kv : pointAttrs) {
        merged.put(kv.getKey(), kv);
      }
      putAttributes(l, new ArrayList<>(merged.values()));
    } else {
      putAttributes(l, pointAttrs);
    }
    finish(l, res, name, extraName, extraValue);
    return toList(l);
  }

  /** Normalized names; values of keys that normalize to the same name are joined with ';' in key order. */
  private static void putAttributes(Map<String, String> l, List<KeyValue> attrs) {
    if (attrs.isEmpty()) {
      return;
    }
    List<KeyValue> sorted = new ArrayList<>(attrs);
    sorted.sort(Comparator.comparing(KeyValue::getKey));
    for (KeyValue kv : sorted) {
      String name = Names.labelName(kv.getKey());
      if (name.isEmpty()) {
        continue;
      }
      String value = asString(kv.getValue());
      l.merge(name, value, (a, b) -> a + ";" + b);
    }
  }

  private void finish(Map<String, String> l, Resource res, String name, @Nullable String extraName,
      @Nullable String extraValue) {
    if (res.job != null) {
      l.put(JOB, res.job);
    }
    if (res.instance != null) {
      l.put(INSTANCE, res.instance);
    }
    options.externalLabels.forEach(l::putIfAbsent);
    if (extraName != null && extraValue != null) {
      l.put(extraName, extraValue);
    }
    l.put(NAME, name);
    // Prometheus drops labels with empty values; so do we, to keep series identity stable.
    l.values().removeIf(String::isEmpty);
  }

  private static List<Label> toList(Map<String, String> sorted) {
    List<Label> out = new ArrayList<>(sorted.size());
    sorted.forEach((k, v) -> out.add(new Label(k, v)));
    return List.copyOf(out);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000L;
  }

  /** An attribute value as text, as pcommon's {@code Value.AsString}. */
  static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Names.formatFloat(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(v);
      default -> "";
    };
  }

  private static String json(AnyValue v) {
    StringBuilder b = new StringBuilder();
    appendJson(b, v);
    return b.toString();
  }

  private static void appendJson(StringBuilder b, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> quote(b, v.getStringValue());
      case BYTES_VALUE -> quote(b, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        b.append('[');
        List<AnyValue> items = v.getArrayValue().getValuesList();
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          appendJson(b, items.get(i));
        }
        b.append(']');
      }
      case KVLIST_VALUE -> {
        b.append('{');
        List<KeyValue> kvs = new ArrayList<>(v.getKvlistValue().getValuesList());
        kvs.sort(Comparator.comparing(KeyValue::getKey));
        for (int i = 0; i < kvs.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          quote(b, kvs.get(i).getKey());
          b.append(':');
          appendJson(b, kvs.get(i).getValue());
        }
        b.append('}');
      }
      case VALUE_NOT_SET -> b.append("null");
      default -> b.append(asString(v));
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
