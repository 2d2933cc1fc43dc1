package io.otelcol4j.receiver.prometheus;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
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
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.prometheus.exposition.Entry;
import io.otelcol4j.prometheus.exposition.ExpositionParser;
import io.otelcol4j.prometheus.exposition.Format;
import io.otelcol4j.prometheus.exposition.Labels;
import io.otelcol4j.prometheus.exposition.MetricType;
import io.otelcol4j.prometheus.exposition.ParseException;
import io.otelcol4j.prometheus.relabel.LabelsBuilder;
import io.otelcol4j.prometheus.relabel.Relabeler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The translator as it was before the series cache (decoding, relabeling and keying every sample
 * of every scrape), kept unchanged as the reference that {@code ScrapeTranslatorEquivalenceTest}
 * compares {@link ScrapeTranslator} with.
 */
final class ReferenceScrapeTranslator {
  static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final ScrapeConfig config;
  private final Relabeler metricRelabeler;
  private final Target target;
  private final Map<String, String> externalLabels;
  private final InstrumentationScope scope;
  private final LabelsBuilder lb = new LabelsBuilder();
  private @Nullable ExpositionParser textParser;
  private @Nullable ExpositionParser openMetricsParser;
  /** Series hash to state, for the series of the last successful scrape. */
  private HashMap<Long, SeriesState> series = new HashMap<>();

  ReferenceScrapeTranslator(ScrapeConfig config, Relabeler metricRelabeler, Target target, Map<String, String> externalLabels,
      InstrumentationScope scope) {
    this.config = config;
    this.metricRelabeler = metricRelabeler;
    this.target = target;
    this.externalLabels = externalLabels;
    this.scope = scope;
  }

  int seriesCount() {
    return series.size();
  }

  /**
   * Translates a successful page. On a failure (parse error, limits) the page is discarded and the
   * result is as for {@link #failed}: stale markers for every known series and {@code up} 0.
   */
  MetricsBatch translate(byte[] body, int length, Format format, long scrapeMillis, double durationSeconds,
      ScrapeTranslator.Report report) {
    Page page = new Page();
    try {
      parse(body, length, format, scrapeMillis, page, report);
    } catch (ScrapeFailure e) {
      report.error = e.getMessage();
      return failed(scrapeMillis, durationSeconds, report);
    } catch (ParseException e) {
      report.error = e.getMessage();
      return failed(scrapeMillis, durationSeconds, report);
    }
    Out out = new Out();
    HashMap<Long, SeriesState> next = new HashMap<>(Math.max(16, page.pointCount * 4 / 3 + 1));
    long added = 0;
    for (FamilyAcc f : page.families.values()) {
      for (PointAcc p : f.points.values()) {
        long hash = seriesHash(f.name, f.kind, p.labels);
        SeriesState s = series.get(hash);
        if (s == null) {
          s = next.get(hash);
        }
        if (s == null) {
          s = new SeriesState(f.name, f.kind, p.labels);
          added++;
        }
        next.put(hash, s);
        emit(out, f, p, s);
      }
    }
    long nowNanos = scrapeMillis * NANOS_PER_MILLI;
    for (Map.Entry<Long, SeriesState> e : series.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        stale(out, e.getValue(), nowNanos);
      }
    }
    series = next;
    report.seriesAdded = added;
    synthetic(out, scrapeMillis, 1, durationSeconds, report);
    return out.build(scope);
  }

  /** A failed scrape: {@code up} 0 and a staleness marker for every series of the last scrape. */
  MetricsBatch failed(long scrapeMillis, double durationSeconds, ScrapeTranslator.Report report) {
    Out out = new Out();
    staleAll(out, scrapeMillis * NANOS_PER_MILLI);
    report.seriesAdded = 0;
    synthetic(out, scrapeMillis, 0, durationSeconds, report);
    return out.build(scope);
  }

  /** The target went away: staleness markers for its series and its synthetic metrics. */
  MetricsBatch endOfRun(long nowMillis) {
    Out out = new Out();
    long nanos = nowMillis * NANOS_PER_MILLI;
    staleAll(out, nanos);
    for (String name : SYNTHETIC) {
      stale(out, new SeriesState(name, PointKind.GAUGE, target.publicLabels()), nanos);
    }
    return out.build(scope);
  }

  private static final String[] SYNTHETIC = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added"};

  private void staleAll(Out out, long nanos) {
    for (SeriesState s : series.values()) {
      stale(out, s, nanos);
    }
    series = new HashMap<>();
  }

  // ---- parsing ----

  private ExpositionParser parser(Format format, byte[] body, int length) {
    if (format == Format.OPENMETRICS_1_0_0) {
      if (openMetricsParser == null) {
        openMetricsParser = ExpositionParser.create(format, body, 0, length);
      } else {
        openMetricsParser.reset(body, 0, length);
      }
      return openMetricsParser;
    }
    if (textParser == null) {
      textParser = ExpositionParser.create(format, body, 0, length);
    } else {
      textParser.reset(body, 0, length);
    }
    return textParser;
  }

  private void parse(byte[] body, int length, Format format, long scrapeMillis, Page page, ScrapeTranslator.Report report)
      throws ParseException, ScrapeFailure {
    ExpositionParser p = parser(format, body, length);
    String[] targetLabels = target.publicLabels();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e != Entry.SAMPLE) {
        continue;
      }
      report.samplesScraped++;
      String metricName = p.metricName();
      Labels labels = p.labels();
      lb.reset();
      lb.set(LabelNames.NAME, metricName);
      for (int i = 0; i < labels.size(); i++) {
        lb.set(labels.name(i), labels.value(i));
      }
      mergeTargetLabels(targetLabels);
      if (!metricRelabeler.isEmpty() && !metricRelabeler.process(lb)) {
        continue;
      }
      String name = lb.get(LabelNames.NAME);
      if (name.isEmpty()) {
        continue;
      }
      checkLabelLimits(name);
      report.samplesPostRelabel++;
      if (config.sampleLimit() > 0 && report.samplesPostRelabel > config.sampleLimit()) {
        throw new ScrapeFailure("sample limit exceeded");
      }
      long tsMillis = config.honorTimestamps() && p.hasTimestamp() ? p.timestampMillis() : scrapeMillis;
      String family;
      MetricType type;
      String unit = "";
      String help = "";
      if (name.equals(metricName)) {
        family = p.familyName();
        type = p.familyType();
        unit = p.familyUnit();
        help = p.familyHelp();
      } else {
        // Renamed by metric_relabel_configs: a family of its own, untyped (collector-contrib
        // looks the new name up in the page's metadata, which has no entry for it either).
        family = name;
        type = MetricType.UNKNOWN;
      }
      PointKind kind = PointKind.of(type);
      if (kind == null) {
        continue;
      }
      add(page, p, family, kind, unit, help, name, tsMillis);
    }
  }

  /** Prometheus's mutateSampleLabels: target labels win unless honor_labels; clashes become exported_*. */
  private void mergeTargetLabels(String[] targetLabels) {
    for (int i = 0; i < targetLabels.length; i += 2) {
      String name = targetLabels[i];
      if (config.honorLabels()) {
        if (!lb.has(name)) {
          lb.set(name, targetLabels[i + 1]);
        }
        continue;
      }
      String existing = lb.get(name);
      if (!existing.isEmpty()) {
        String exported = "exported_" + name;
        while (lb.has(exported)) {
          exported = "exported_" + exported;
        }
        lb.set(exported, existing);
      }
      lb.set(name, targetLabels[i + 1]);
    }
  }

  private void checkLabelLimits(String name) throws ScrapeFailure {
    int count = lb.size();
    if (config.labelLimit() > 0 && count > config.labelLimit()) {
      throw new ScrapeFailure("label_limit exceeded (metric: " + trunc(name) + ", number of labels: " + count
          + ", limit: " + config.labelLimit() + ")");
    }
    if (config.labelNameLengthLimit() == 0 && config.labelValueLengthLimit() == 0) {
      return;
    }
    for (int i = 0; i < count; i++) {
      String n = lb.name(i);
      String v = lb.value(i);
      if (config.labelNameLengthLimit() > 0 && n.length() > config.labelNameLengthLimit()) {
        throw new ScrapeFailure("label_name_length_limit exceeded (metric: " + trunc(name) + ", label name: "
            + trunc(n) + ", length: " + n.length() + ", limit: " + config.labelNameLengthLimit() + ")");
      }
      if (config.labelValueLengthLimit() > 0 && v.length() > config.labelValueLengthLimit()) {
        throw new ScrapeFailure("label_value_length_limit exceeded (metric: " + trunc(name) + ", label name: "
            + trunc(n) + ", value: \"" + trunc(v) + "\", length: " + v.length() + ", limit: "
            + config.labelValueLengthLimit() + ")");
      }
    }
  }

  private static String trunc(String s) {
    return s.length() <= 50 ? s : s.substring(0, 50);
  }

  private void add(Page page, ExpositionParser p, String family, PointKind kind, String unit, String help,
      String sampleName, long tsMillis) {
    String suffix = sampleName.length() > family.length() && sampleName.startsWith(family)
        ? sampleName.substring(family.length()) : "";
    String skip = kind == PointKind.HISTOGRAM && "_bucket".equals(suffix) ? "le"
        : kind == PointKind.SUMMARY && suffix.isEmpty() ? "quantile" : null;
    String[] key = key(skip);
    FamilyAcc f = page.families.get(family);
    if (f == null) {
      f = new FamilyAcc(family, kind, unit, help);
      page.families.put(family, f);
    }
    LabelKey k = new LabelKey(key);
    PointAcc point = f.points.get(k);
    if (point == null) {
      point = new PointAcc(key);
      f.points.put(k, point);
      page.pointCount++;
    }
    point.tsMillis = Math.max(point.tsMillis, tsMillis);
    double v = p.value();
    if ("_created".equals(suffix) && kind != PointKind.GAUGE) {
      point.createdNanos = secondsToNanos(v);
      return;
    }
    switch (kind) {
      case HISTOGRAM:
        if ("_bucket".equals(suffix)) {
          String le = lb.get("le");
          double bound = parseBound(le);
          if (Double.isNaN(bound)) {
            return;
          }
          point.addBucket(bound, v);
          exemplar(p, point, tsMillis);
        } else if ("_sum".equals(suffix)) {
          point.sum = v;
          point.hasSum = true;
        } else if ("_count".equals(suffix)) {
          point.count = v;
          point.hasCount = true;
        }
        return;
      case SUMMARY:
        if (suffix.isEmpty()) {
          double q = parseBound(lb.get("quantile"));
          if (!Double.isNaN(q)) {
            point.addBucket(q, v);
          }
        } else if ("_sum".equals(suffix)) {
          point.sum = v;
          point.hasSum = true;
        } else if ("_count".equals(suffix)) {
          point.count = v;
          point.hasCount = true;
        }
        return;
      default:
        point.value = v;
        point.hasValue = true;
        if (kind == PointKind.COUNTER) {
          exemplar(p, point, tsMillis);
        }
    }
  }

  /** Float seconds to nanoseconds without the precision loss of {@code v * 1e9} at today's epochs. */
  static long secondsToNanos(double v) {
    double whole = Math.floor(v);
    return (long) whole * 1_000_000_000L + Math.round((v - whole) * 1e9);
  }

  private static double parseBound(String s) {
    if (s.isEmpty()) {
      return Double.NaN;
    }
    try {
      switch (s) {
        case "+Inf":
        case "Inf":
        case "+inf":
          return Double.POSITIVE_INFINITY;
        default:
          return Double.parseDouble(s);
      }
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private void exemplar(ExpositionParser p, PointAcc point, long sampleMillis) {
    if (!p.hasExemplar()) {
      return;
    }
    Exemplar.Builder ex = Exemplar.newBuilder().setAsDouble(p.exemplarValue())
        .setTimeUnixNano((p.exemplarHasTimestamp() ? p.exemplarTimestampMillis() : sampleMillis) * NANOS_PER_MILLI);
    Labels l = p.exemplarLabels();
    for (int i = 0; i < l.size(); i++) {
      String n = l.name(i);
      String v = l.value(i);
      if ("trace_id".equals(n) && isHex(v, 32)) {
        ex.setTraceId(hex(v));
      } else if ("span_id".equals(n) && isHex(v, 16)) {
        ex.setSpanId(hex(v));
      } else {
        ex.addFilteredAttributes(kv(n, v));
      }
    }
    if (point.exemplars == null) {
      point.exemplars = new ArrayList<>(2);
    }
    point.exemplars.add(ex.build());
  }

  private static boolean isHex(String s, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static ByteString hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (Character.digit(s.charAt(2 * i), 16) << 4 | Character.digit(s.charAt(2 * i + 1), 16));
    }
    return ByteString.copyFrom(b);
  }

  /** The builder's labels without __name__ and {@code skip}, as alternating names and values. */
  private String[] key(@Nullable String skip) {
    int n = lb.size();
    String[] out = new String[2 * n];
    int j = 0;
    for (int i = 0; i < n; i++) {
      String name = lb.name(i);
      if (name.equals(LabelNames.NAME) || name.equals(skip)) {
        continue;
      }
      out[j++] = name;
      out[j++] = lb.value(i);
    }
    return j == out.length ? out : Arrays.copyOf(out, j);
  }

  static long seriesHash(String family, PointKind kind, String[] labels) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, family);
    h = (h ^ kind.ordinal()) * 0x100000001b3L;
    for (String s : labels) {
      h = fnv(h, s);
      h = (h ^ 0xff) * 0x100000001b3L;
    }
    return h ^ (h >>> 29);
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  // ---- output ----

  private void emit(Out out, FamilyAcc f, PointAcc p, SeriesState s) {
    long ts = p.tsMillis * NANOS_PER_MILLI;
    long start = 0;
    if (f.kind.cumulative()) {
      double resetValue = f.kind == PointKind.HISTOGRAM || f.kind == PointKind.SUMMARY ? p.count() : p.value;
      if (p.createdNanos != 0) {
        start = p.createdNanos;
      } else if (s.lastNanos == 0) {
        start = ts;
      } else if (f.kind != PointKind.NON_MONOTONIC_SUM && resetValue < s.lastValue) {
        // A reset: the counter restarted some time after the previous observation.
        start = s.lastNanos;
      } else {
        start = s.startNanos;
      }
      s.startNanos = start;
      s.lastValue = resetValue;
    }
    s.lastNanos = ts;
    Metric.Builder m = out.metric(p.labels, f.name, f.kind, f.unit, f.help);
    List<KeyValue> attributes = attributes(p.labels);
    switch (f.kind) {
      case HISTOGRAM: {
        HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().addAllAttributes(attributes)
            .setStartTimeUnixNano(start).setTimeUnixNano(ts);
        p.fillHistogram(h);
        m.getHistogramBuilder().addDataPoints(h);
        return;
      }
      case SUMMARY: {
        SummaryDataPoint.Builder sp = SummaryDataPoint.newBuilder().addAllAttributes(attributes)
            .setStartTimeUnixNano(start).setTimeUnixNano(ts).setCount((long) p.count()).setSum(p.sum);
        p.fillQuantiles(sp);
        m.getSummaryBuilder().addDataPoints(sp);
        return;
      }
      default: {
        NumberDataPoint.Builder n = NumberDataPoint.newBuilder().addAllAttributes(attributes).setTimeUnixNano(ts)
            .setAsDouble(p.value);
        if (f.kind != PointKind.GAUGE) {
          n.setStartTimeUnixNano(start);
        }
        if (p.exemplars != null) {
          n.addAllExemplars(p.exemplars);
        }
        if (f.kind == PointKind.GAUGE) {
          m.getGaugeBuilder().addDataPoints(n);
        } else {
          m.getSumBuilder().addDataPoints(n);
        }
      }
    }
  }

  private void stale(Out out, SeriesState s, long nanos) {
    Metric.Builder m = out.metric(s.labels, s.family, s.kind, "", "");
    List<KeyValue> attributes = attributes(s.labels);
    switch (s.kind) {
      case HISTOGRAM:
        m.getHistogramBuilder().addDataPoints(HistogramDataPoint.newBuilder().addAllAttributes(attributes)
            .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE));
        return;
      case SUMMARY:
        m.getSummaryBuilder().addDataPoints(SummaryDataPoint.newBuilder().addAllAttributes(attributes)
            .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE));
        return;
      case GAUGE:
        m.getGaugeBuilder().addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attributes)
            .setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE));
        return;
      default:
        m.getSumBuilder().addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attributes)
            .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE));
    }
  }

  private void synthetic(Out out, long scrapeMillis, double up, double durationSeconds, ScrapeTranslator.Report report) {
    String[] labels = target.publicLabels();
    List<KeyValue> attributes = attributes(labels);
    long ts = scrapeMillis * NANOS_PER_MILLI;
    gauge(out, labels, attributes, "up", "The scraping was successful", ts, up);
    gauge(out, labels, attributes, "scrape_duration_seconds", "Duration of the scrape", ts, durationSeconds);
    gauge(out, labels, attributes, "scrape_samples_scraped", "The number of samples the target exposed", ts,
        report.samplesScraped);
    gauge(out, labels, attributes, "scrape_samples_post_metric_relabeling",
        "The number of samples remaining after metric relabeling was applied", ts, report.samplesPostRelabel);
    gauge(out, labels, attributes, "scrape_series_added", "The approximate number of new series in this scrape", ts,
        report.seriesAdded);
  }

  private static void gauge(Out out, String[] labels, List<KeyValue> attributes, String name, String help, long ts,
      double value) {
    out.metric(labels, name, PointKind.GAUGE, "", help).getGaugeBuilder()
        .addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attributes).setTimeUnixNano(ts).setAsDouble(value));
  }

  /** Data point attributes: every label but job and instance, then external labels not already set. */
  private List<KeyValue> attributes(String[] labels) {
    List<KeyValue> out = new ArrayList<>(labels.length / 2 + externalLabels.size());
    for (int i = 0; i < labels.length; i += 2) {
      String n = labels[i];
      if (!n.equals(LabelNames.JOB) && !n.equals(LabelNames.INSTANCE)) {
        out.add(kv(n, labels[i + 1]));
      }
    }
    if (!externalLabels.isEmpty()) {
      for (Map.Entry<String, String> e : externalLabels.entrySet()) {
        if (indexOf(labels, e.getKey()) < 0) {
          out.add(kv(e.getKey(), e.getValue()));
        }
      }
    }
    return out;
  }

  static int indexOf(String[] labels, String name) {
    for (int i = 0; i < labels.length; i += 2) {
      if (labels[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  // ---- page accumulation ----

  private static final class Page {
    final LinkedHashMap<String, FamilyAcc> families = new LinkedHashMap<>();
    int pointCount;
  }

  private static final class FamilyAcc {
    final String name;
    final PointKind kind;
    final String unit;
    final String help;
    final LinkedHashMap<LabelKey, PointAcc> points = new LinkedHashMap<>();

    FamilyAcc(String name, PointKind kind, String unit, String help) {
      this.name = name;
      this.kind = kind;
      this.unit = unit;
      this.help = help;
    }
  }

  private static final class LabelKey {
    final String[] labels;
    final int hash;

    LabelKey(String[] labels) {
      this.labels = labels;
      this.hash = Arrays.hashCode(labels);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LabelKey && ((LabelKey) o).hash == hash && Arrays.equals(((LabelKey) o).labels, labels);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final class PointAcc {
    final String[] labels;
    long tsMillis = Long.MIN_VALUE;
    double value;
    boolean hasValue;
    long createdNanos;
    double sum;
    boolean hasSum;
    double count;
    boolean hasCount;
    /** Bucket bounds (le) or quantiles, with their values; unsorted. */
    double[] bounds = new double[0];
    double[] values = new double[0];
    int n;
    @Nullable List<Exemplar> exemplars;

    PointAcc(String[] labels) {
      this.labels = labels;
    }

    void addBucket(double bound, double value) {
      if (n == bounds.length) {
        bounds = Arrays.copyOf(bounds, Math.max(8, n * 2));
        values = Arrays.copyOf(values, bounds.length);
      }
      bounds[n] = bound;
      values[n] = value;
      n++;
    }

    private void sort() {
      for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && bounds[j - 1] > bounds[j]; j--) {
          double b = bounds[j];
          bounds[j] = bounds[j - 1];
          bounds[j - 1] = b;
          double v = values[j];
          values[j] = values[j - 1];
          values[j - 1] = v;
        }
      }
    }

    double count() {
      if (hasCount) {
        return count;
      }
      sort();
      return n > 0 && bounds[n - 1] == Double.POSITIVE_INFINITY ? values[n - 1] : 0;
    }

    void fillHistogram(HistogramDataPoint.Builder h) {
      sort();
      double total = count();
      h.setCount((long) total);
      if (hasSum) {
        h.setSum(sum);
      }
      double previous = 0;
      for (int i = 0; i < n; i++) {
        if (bounds[i] == Double.POSITIVE_INFINITY) {
          break;
        }
        h.addExplicitBounds(bounds[i]);
        h.addBucketCounts((long) Math.max(0, values[i] - previous));
        previous = values[i];
      }
      h.addBucketCounts((long) Math.max(0, total - previous));
      if (exemplars != null) {
        h.addAllExemplars(exemplars);
      }
    }

    void fillQuantiles(SummaryDataPoint.Builder s) {
      sort();
      for (int i = 0; i < n; i++) {
        s.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(bounds[i]).setValue(values[i]));
      }
    }
  }

  /** Output grouped by resource (job, instance), then by metric. */
  private final class Out {
    final LinkedHashMap<String, ResourceAcc> resources = new LinkedHashMap<>();

    Metric.Builder metric(String[] labels, String name, PointKind kind, String unit, String help) {
      int j = indexOf(labels, LabelNames.JOB);
      int i = indexOf(labels, LabelNames.INSTANCE);
      String job = j < 0 ? "" : labels[j + 1];
      String instance = i < 0 ? "" : labels[i + 1];
      String key = job + '\u0000' + instance;
      ResourceAcc r = resources.get(key);
      if (r == null) {
        r = new ResourceAcc(job, instance);
        resources.put(key, r);
      }
      String metricKey = name + '\u0000' + kind.ordinal();
      Metric.Builder m = r.metrics.get(metricKey);
      if (m == null) {
        m = Metric.newBuilder().setName(name).setDescription(help).setUnit(unit);
        switch (kind) {
          case COUNTER:
            m.getSumBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            break;
          case NON_MONOTONIC_SUM:
            m.getSumBuilder().setIsMonotonic(false)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            break;
          case HISTOGRAM:
            m.getHistogramBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            break;
          case SUMMARY:
            m.setSummary(Summary.getDefaultInstance());
            break;
          default:
            m.setGauge(Gauge.getDefaultInstance());
        }
        r.metrics.put(metricKey, m);
      }
      return m;
    }

    MetricsBatch build(InstrumentationScope scope) {
      List<ResourceMetrics> out = new ArrayList<>(resources.size());
      for (ResourceAcc r : resources.values()) {
        ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().setScope(scope);
        for (Metric.Builder m : r.metrics.values()) {
          sm.addMetrics(m);
        }
        out.add(ResourceMetrics.newBuilder().setResource(resource(r.job, r.instance)).addScopeMetrics(sm).build());
      }
      return MetricsBatch.of(out);
    }
  }

  private static final class ResourceAcc {
    final String job;
    final String instance;
    final LinkedHashMap<String, Metric.Builder> metrics = new LinkedHashMap<>();

    ResourceAcc(String job, String instance) {
      this.job = job;
      this.instance = instance;
    }
  }

  /**
   * The resource of a (job, instance), as collector-contrib builds it: {@code service.name},
   * {@code service.instance.id}, {@code server.address}, {@code server.port} and {@code url.scheme}.
   */
  private Resource resource(String job, String instance) {
    Resource.Builder r = Resource.newBuilder();
    r.addAttributes(kv("service.name", job));
    r.addAttributes(kv("service.instance.id", instance));
    String host = instance;
    String port = "";
    int colon = instance.lastIndexOf(':');
    if (colon > 0 && instance.indexOf(']') < colon && (instance.indexOf(':') == colon || instance.startsWith("["))) {
      host = instance.substring(0, colon);
      port = instance.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
    }
    r.addAttributes(kv("server.address", host));
    r.addAttributes(kv("server.port", port));
    r.addAttributes(kv("url.scheme", target.scheme()));
    return r.build();
  }
}
