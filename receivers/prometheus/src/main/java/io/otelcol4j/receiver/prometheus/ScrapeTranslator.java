package io.otelcol4j.receiver.prometheus;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
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
 * Turns one target's pages into OTLP metrics, as collector-contrib's prometheus receiver does, and
 * keeps the target's per-series state (start time, last value, labels for staleness markers).
 *
 * <p>Not thread-safe: a target's scrapes never overlap, and each target has its own translator.
 */
final class ScrapeTranslator {
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
  private final SeriesMap series = new SeriesMap();
  /** Series first seen in the scrape being translated; they join {@link #series} if it succeeds. */
  private final HashMap<Long, SeriesState> fresh = new HashMap<>();
  /** Raw series bytes to what they became. */
  private final SeriesCache cache = new SeriesCache();
  /** Interned data point attributes (one message per label name and value) and resources. */
  private final HashMap<KvKey, KeyValue> keyValues = new HashMap<>();
  private final HashMap<String, ResourceKey> resourceKeys = new HashMap<>();
  private final ResourceKey targetResource;
  private @Nullable NumberDataPoint syntheticPrototype;
  /** Counts scrapes; stamps the series and cache entries seen in each. */
  private int generation;
  private int seenEntries;
  /** Series of {@link #series} seen in the scrape being translated. */
  private int keptSeries;

  ScrapeTranslator(ScrapeConfig config, Relabeler metricRelabeler, Target target, Map<String, String> externalLabels,
      InstrumentationScope scope) {
    this.config = config;
    this.metricRelabeler = metricRelabeler;
    this.target = target;
    this.externalLabels = externalLabels;
    this.scope = scope;
    this.targetResource = resourceKey(target.publicLabels());
  }

  /** Per-scrape numbers for the synthetic metrics. */
  static final class Report {
    long samplesScraped;
    long samplesPostRelabel;
    long seriesAdded;
    @Nullable String error;
  }

  int seriesCount() {
    return series.size();
  }

  /**
   * Translates a successful page. On a failure (parse error, limits) the page is discarded and the
   * result is as for {@link #failed}: stale markers for every known series and {@code up} 0.
   */
  MetricsBatch translate(byte[] body, int length, Format format, long scrapeMillis, double durationSeconds,
      Report report) {
    generation++;
    seenEntries = 0;
    keptSeries = 0;
    fresh.clear();
    Page page = new Page();
    try {
      parse(body, length, format, scrapeMillis, page, report);
    } catch (ScrapeFailure e) {
      report.error = e.getMessage();
      fresh.clear();
      return failed(scrapeMillis, durationSeconds, report);
    } catch (ParseException e) {
      report.error = e.getMessage();
      fresh.clear();
      return failed(scrapeMillis, durationSeconds, report);
    }
    Out out = new Out();
    for (FamilyAcc f : page.families.values()) {
      for (int i = 0; i < f.points.size(); i++) {
        emit(out, f, f.points.get(i));
      }
    }
    long nowNanos = scrapeMillis * NANOS_PER_MILLI;
    series.retain(generation, keptSeries, s -> {
      stale(out, s, nowNanos);
      s.live = false;
    });
    for (Map.Entry<Long, SeriesState> e : fresh.entrySet()) {
      e.getValue().live = true;
      series.add(e.getKey(), e.getValue());
    }
    report.seriesAdded = fresh.size();
    fresh.clear();
    cache.sweep(generation, seenEntries);
    if (keyValues.size() > 4 * series.size() + 4096) {
      keyValues.clear(); // live series keep their attribute lists; new ones intern again
    }
    synthetic(out, scrapeMillis, 1, durationSeconds, report);
    return out.build(scope);
  }

  /** A failed scrape: {@code up} 0 and a staleness marker for every series of the last scrape. */
  MetricsBatch failed(long scrapeMillis, double durationSeconds, Report report) {
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
      SeriesState s = new SeriesState(name, PointKind.GAUGE, target.publicLabels());
      s.resource = targetResource;
      stale(out, s, nanos);
    }
    cache.clear();
    keyValues.clear();
    return out.build(scope);
  }

  private static final String[] SYNTHETIC = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added"};

  private void staleAll(Out out, long nanos) {
    series.forEach(s -> {
      stale(out, s, nanos);
      s.live = false;
    });
    series.clear();
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

  private void parse(byte[] body, int length, Format format, long scrapeMillis, Page page, Report report)
      throws ParseException, ScrapeFailure {
    ExpositionParser p = parser(format, body, length);
    String[] targetLabels = target.publicLabels();
    byte[] buf = p.buffer();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e != Entry.SAMPLE) {
        continue;
      }
      report.samplesScraped++;
      int ss = p.seriesStart();
      int se = p.seriesEnd();
      long hash = SeriesCache.hash(buf, ss, se);
      String contextFamily = p.familyName();
      MetricType contextType = p.familyType();
      SeriesCache.Entry c = cache.find(buf, ss, se, hash, contextFamily, contextType);
      boolean cached = c != null;
      if (c == null) {
        c = resolve(p, targetLabels, buf, ss, se, hash);
      }
      if (c.dropped) {
        remember(c, cached);
        continue;
      }
      report.samplesPostRelabel++;
      if (config.sampleLimit() > 0 && report.samplesPostRelabel > config.sampleLimit()) {
        throw new ScrapeFailure("sample limit exceeded");
      }
      remember(c, cached);
      if (c.kind == null) {
        continue;
      }
      long tsMillis = config.honorTimestamps() && p.hasTimestamp() ? p.timestampMillis() : scrapeMillis;
      add(page, p, c, tsMillis);
    }
  }

  /** Adds a new entry to the cache (when there is room) and stamps it as seen in this scrape. */
  private void remember(SeriesCache.Entry c, boolean cached) {
    if (c.seen == generation || !cached && !cache.add(c)) {
      return;
    }
    c.seen = generation;
    seenEntries++;
  }

  /**
   * The slow path for a series not in the cache: decodes its labels, merges the target's, applies
   * metric relabeling and the label limits, and works out its family, kind and role.
   */
  private SeriesCache.Entry resolve(ExpositionParser p, String[] targetLabels, byte[] buf, int ss, int se, long hash)
      throws ScrapeFailure {
    String metricName = p.metricName();
    Labels labels = p.labels();
    lb.reset();
    lb.set(LabelNames.NAME, metricName);
    for (int i = 0; i < labels.size(); i++) {
      lb.set(labels.name(i), labels.value(i));
    }
    mergeTargetLabels(targetLabels);
    byte[] key = Arrays.copyOfRange(buf, ss, se);
    String contextFamily = p.familyName();
    MetricType contextType = p.familyType();
    if (!metricRelabeler.isEmpty() && !metricRelabeler.process(lb) || lb.get(LabelNames.NAME).isEmpty()) {
      return new SeriesCache.Entry(key, hash, contextFamily, contextType, true, null, "", false,
          SeriesCache.IGNORE, Double.NaN, NO_LABELS);
    }
    String name = lb.get(LabelNames.NAME);
    checkLabelLimits(name);
    String family;
    MetricType type;
    boolean renamed = !name.equals(metricName);
    if (!renamed) {
      family = contextFamily;
      type = contextType;
    } else {
      // Renamed by metric_relabel_configs: a family of its own, untyped (collector-contrib
      // looks the new name up in the page's metadata, which has no entry for it either).
      family = name;
      type = MetricType.UNKNOWN;
    }
    PointKind kind = PointKind.of(type);
    if (kind == null) {
      return new SeriesCache.Entry(key, hash, contextFamily, contextType, false, null, family, renamed,
          SeriesCache.IGNORE, Double.NaN, NO_LABELS);
    }
    String suffix = name.length() > family.length() && name.startsWith(family)
        ? name.substring(family.length()) : "";
    String skip = kind == PointKind.HISTOGRAM && "_bucket".equals(suffix) ? "le"
        : kind == PointKind.SUMMARY && suffix.isEmpty() ? "quantile" : null;
    String[] pointLabels = key(skip);
    int role;
    double bound = Double.NaN;
    if ("_created".equals(suffix) && kind != PointKind.GAUGE) {
      role = SeriesCache.CREATED;
    } else if (kind == PointKind.HISTOGRAM) {
      if ("_bucket".equals(suffix)) {
        bound = parseBound(lb.get("le"));
        role = Double.isNaN(bound) ? SeriesCache.IGNORE : SeriesCache.BUCKET;
      } else {
        role = "_sum".equals(suffix) ? SeriesCache.SUM : "_count".equals(suffix) ? SeriesCache.COUNT
            : SeriesCache.IGNORE;
      }
    } else if (kind == PointKind.SUMMARY) {
      if (suffix.isEmpty()) {
        bound = parseBound(lb.get("quantile"));
        role = Double.isNaN(bound) ? SeriesCache.IGNORE : SeriesCache.QUANTILE;
      } else {
        role = "_sum".equals(suffix) ? SeriesCache.SUM : "_count".equals(suffix) ? SeriesCache.COUNT
            : SeriesCache.IGNORE;
      }
    } else {
      role = SeriesCache.VALUE;
    }
    return new SeriesCache.Entry(key, hash, contextFamily, contextType, false, kind, family, renamed, role, bound,
        pointLabels);
  }

  private static final String[] NO_LABELS = new String[0];

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

  private void add(Page page, ExpositionParser p, SeriesCache.Entry c, long tsMillis) {
    PointKind kind = c.kind;
    FamilyAcc f = page.last;
    if (f == null || f.name != c.family && !f.name.equals(c.family)) {
      f = page.families.get(c.family);
      if (f == null) {
        f = c.renamed ? new FamilyAcc(c.family, kind, "", "") : new FamilyAcc(c.family, kind, p.familyUnit(),
            p.familyHelp());
        page.families.put(c.family, f);
      }
      page.last = f;
    }
    SeriesState point = c.state;
    if (point == null || point.kind != f.kind || !point.live && point.generation != generation) {
      // Not resolved yet, of a kind the page's family overrides, or gone stale since.
      point = lookup(seriesHash(f.name, f.kind, c.labels), f.name, f.kind, c.labels);
      if (f.kind == kind) {
        c.state = point;
      }
    }
    if (point.generation != generation) {
      if (point.live) {
        keptSeries++;
      }
      point.begin(generation);
      f.points.add(point);
    }
    point.tsMillis = Math.max(point.tsMillis, tsMillis);
    double v = p.value();
    switch (c.role) {
      case SeriesCache.CREATED:
        point.createdNanos = secondsToNanos(v);
        return;
      case SeriesCache.BUCKET:
        if (point instanceof SeriesState.Distribution d) {
          d.addBucket(c.bound, v);
        }
        exemplar(p, point, tsMillis);
        return;
      case SeriesCache.QUANTILE:
        if (point instanceof SeriesState.Distribution d) {
          d.addBucket(c.bound, v);
        }
        return;
      case SeriesCache.SUM:
        if (point instanceof SeriesState.Distribution d) {
          d.sum = v;
          d.hasSum = true;
        }
        return;
      case SeriesCache.COUNT:
        if (point instanceof SeriesState.Distribution d) {
          d.count = v;
          d.hasCount = true;
        }
        return;
      case SeriesCache.VALUE:
        point.value = v;
        if (kind == PointKind.COUNTER) {
          exemplar(p, point, tsMillis);
        }
        return;
      default:
        return;
    }
  }

  /** The state of a series: known from the last scrape, new in this one, or created now. */
  private SeriesState lookup(long hash, String family, PointKind kind, String[] labels) {
    SeriesState s = series.get(hash);
    if (s == null) {
      s = fresh.get(hash);
      if (s == null) {
        s = SeriesState.of(family, kind, labels);
        s.resource = resourceKey(labels);
        fresh.put(hash, s);
      }
    }
    return s;
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

  private void exemplar(ExpositionParser p, SeriesState point, long sampleMillis) {
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

  private void emit(Out out, FamilyAcc f, SeriesState s) {
    long ts = s.tsMillis * NANOS_PER_MILLI;
    long start = 0;
    if (f.kind.cumulative()) {
      double resetValue = f.kind == PointKind.HISTOGRAM || f.kind == PointKind.SUMMARY ? s.distribution().count()
          : s.value;
      if (s.createdNanos != 0) {
        start = s.createdNanos;
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
    Metric.Builder m = out.metric(s.resource, f.name, f.kind, f.unit, f.help);
    switch (f.kind) {
      case HISTOGRAM: {
        HistogramDataPoint.Builder h = ((HistogramDataPoint) prototype(s)).toBuilder()
            .setStartTimeUnixNano(start).setTimeUnixNano(ts);
        s.distribution().fillHistogram(h);
        m.getHistogramBuilder().addDataPoints(h.build());
        return;
      }
      case SUMMARY: {
        SummaryDataPoint.Builder sp = ((SummaryDataPoint) prototype(s)).toBuilder()
            .setStartTimeUnixNano(start).setTimeUnixNano(ts).setCount((long) s.distribution().count())
            .setSum(s.distribution().sum);
        s.distribution().fillQuantiles(sp);
        m.getSummaryBuilder().addDataPoints(sp.build());
        return;
      }
      default: {
        NumberDataPoint.Builder n = ((NumberDataPoint) prototype(s)).toBuilder().setTimeUnixNano(ts)
            .setAsDouble(s.value);
        if (f.kind != PointKind.GAUGE) {
          n.setStartTimeUnixNano(start);
        }
        if (s.exemplars != null) {
          n.addAllExemplars(s.exemplars);
        }
        if (f.kind == PointKind.GAUGE) {
          m.getGaugeBuilder().addDataPoints(n.build());
        } else {
          m.getSumBuilder().addDataPoints(n.build());
        }
      }
    }
  }

  /** The series' data point with only its attributes, built once. */
  private Message prototype(SeriesState s) {
    Message proto = s.prototype;
    if (proto == null) {
      List<KeyValue> attributes = attributes(s.labels);
      switch (s.kind) {
        case HISTOGRAM:
          proto = HistogramDataPoint.newBuilder().addAllAttributes(attributes).build();
          break;
        case SUMMARY:
          proto = SummaryDataPoint.newBuilder().addAllAttributes(attributes).build();
          break;
        default:
          proto = NumberDataPoint.newBuilder().addAllAttributes(attributes).build();
      }
      s.prototype = proto;
    }
    return proto;
  }

  private void stale(Out out, SeriesState s, long nanos) {
    ResourceKey r = s.resource != null ? s.resource : resourceKey(s.labels);
    Metric.Builder m = out.metric(r, s.family, s.kind, "", "");
    Message proto = prototype(s);
    switch (s.kind) {
      case HISTOGRAM:
        m.getHistogramBuilder().addDataPoints(((HistogramDataPoint) proto).toBuilder()
            .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE).build());
        return;
      case SUMMARY:
        m.getSummaryBuilder().addDataPoints(((SummaryDataPoint) proto).toBuilder()
            .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE).build());
        return;
      case GAUGE:
        m.getGaugeBuilder().addDataPoints(((NumberDataPoint) proto).toBuilder()
            .setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE).build());
        return;
      default:
        m.getSumBuilder().addDataPoints(((NumberDataPoint) proto).toBuilder()
            .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(nanos).setFlags(NO_RECORDED_VALUE).build());
    }
  }

  private void synthetic(Out out, long scrapeMillis, double up, double durationSeconds, Report report) {
    NumberDataPoint proto = syntheticPrototype;
    if (proto == null) {
      proto = NumberDataPoint.newBuilder().addAllAttributes(attributes(target.publicLabels())).build();
      syntheticPrototype = proto;
    }
    long ts = scrapeMillis * NANOS_PER_MILLI;
    ResourceKey r = targetResource;
    gauge(out, r, proto, "up", "The scraping was successful", ts, up);
    gauge(out, r, proto, "scrape_duration_seconds", "Duration of the scrape", ts, durationSeconds);
    gauge(out, r, proto, "scrape_samples_scraped", "The number of samples the target exposed", ts,
        report.samplesScraped);
    gauge(out, r, proto, "scrape_samples_post_metric_relabeling",
        "The number of samples remaining after metric relabeling was applied", ts, report.samplesPostRelabel);
    gauge(out, r, proto, "scrape_series_added", "The approximate number of new series in this scrape", ts,
        report.seriesAdded);
  }

  private static void gauge(Out out, ResourceKey r, NumberDataPoint proto, String name, String help, long ts,
      double value) {
    out.metric(r, name, PointKind.GAUGE, "", help).getGaugeBuilder()
        .addDataPoints(proto.toBuilder().setTimeUnixNano(ts).setAsDouble(value).build());
  }

  /** Data point attributes: every label but job and instance, then external labels not already set. */
  private List<KeyValue> attributes(String[] labels) {
    List<KeyValue> out = new ArrayList<>(labels.length / 2 + externalLabels.size());
    for (int i = 0; i < labels.length; i += 2) {
      String n = labels[i];
      if (!n.equals(LabelNames.JOB) && !n.equals(LabelNames.INSTANCE)) {
        out.add(internedKv(n, labels[i + 1]));
      }
    }
    if (!externalLabels.isEmpty()) {
      for (Map.Entry<String, String> e : externalLabels.entrySet()) {
        if (indexOf(labels, e.getKey()) < 0) {
          out.add(internedKv(e.getKey(), e.getValue()));
        }
      }
    }
    return out;
  }

  private KeyValue internedKv(String key, String value) {
    return keyValues.computeIfAbsent(new KvKey(key, value), k -> kv(k.key(), k.value()));
  }

  private record KvKey(String key, String value) {}

  /** A (job, instance) resource of the output, interned per translator, with its Resource built once. */
  static final class ResourceKey {
    final String job;
    final String instance;
    final String key;
    @Nullable Resource resource;

    ResourceKey(String job, String instance) {
      this.job = job;
      this.instance = instance;
      this.key = job + '\u0000' + instance;
    }
  }

  private ResourceKey resourceKey(String[] labels) {
    int j = indexOf(labels, LabelNames.JOB);
    int i = indexOf(labels, LabelNames.INSTANCE);
    String job = j < 0 ? "" : labels[j + 1];
    String instance = i < 0 ? "" : labels[i + 1];
    if (resourceKeys.size() > 1024) {
      resourceKeys.clear(); // honor_labels pages with many jobs or instances: states keep theirs
    }
    ResourceKey r = new ResourceKey(job, instance);
    ResourceKey known = resourceKeys.putIfAbsent(r.key, r);
    return known != null ? known : r;
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
    /** The family of the previous sample: families are contiguous on most pages. */
    @Nullable FamilyAcc last;
  }

  private static final class FamilyAcc {
    final String name;
    final PointKind kind;
    final String unit;
    final String help;
    /** The family's points in the order they were first seen. */
    final ArrayList<SeriesState> points = new ArrayList<>();

    FamilyAcc(String name, PointKind kind, String unit, String help) {
      this.name = name;
      this.kind = kind;
      this.unit = unit;
      this.help = help;
    }
  }

  /** Output grouped by resource (job, instance), then by metric. */
  private final class Out {
    final LinkedHashMap<String, ResourceAcc> resources = new LinkedHashMap<>();

    private @Nullable ResourceKey lastResource;
    private @Nullable String lastName;
    private @Nullable PointKind lastKind;
    private Metric.@Nullable Builder lastMetric;

    Metric.Builder metric(ResourceKey resource, String name, PointKind kind, String unit, String help) {
      if (resource == lastResource && name == lastName && kind == lastKind && lastMetric != null) {
        return lastMetric; // the same metric as the previous point's (unit and help only count when created)
      }
      ResourceAcc r = resources.get(resource.key);
      if (r == null) {
        r = new ResourceAcc(resource);
        resources.put(resource.key, r);
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
      lastResource = resource;
      lastName = name;
      lastKind = kind;
      lastMetric = m;
      return m;
    }

    MetricsBatch build(InstrumentationScope scope) {
      List<ResourceMetrics> out = new ArrayList<>(resources.size());
      for (ResourceAcc r : resources.values()) {
        ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().setScope(scope);
        for (Metric.Builder m : r.metrics.values()) {
          sm.addMetrics(m);
        }
        Resource resource = r.key.resource;
        if (resource == null) {
          resource = resource(r.key.job, r.key.instance);
          r.key.resource = resource;
        }
        out.add(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(sm).build());
      }
      return MetricsBatch.of(out);
    }
  }

  private static final class ResourceAcc {
    final ResourceKey key;
    final LinkedHashMap<String, Metric.Builder> metrics = new LinkedHashMap<>();

    ResourceAcc(ResourceKey key) {
      this.key = key;
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
