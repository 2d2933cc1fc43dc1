package io.otelcol4j.exporter.prometheusremotewrite;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
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
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.BucketSpan;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Exemplar;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Histogram;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Label;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.MetricMetadata;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.MetricType;
import io.otelcol4j.exporter.prometheusremotewrite.RemoteWrite.Series;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
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
 * <p>Two inputs, one result: OTLP messages ({@link #translate(List)}), or a batch's received bytes
 * ({@link #translate(MetricsBatch)}), read field by field without building protobuf-java messages
 * for gauges and sums (histograms, summaries and unusual encodings are parsed per metric and go
 * through the message path). Labels are kept as UTF-8 bytes, series are found by a 64-bit hash
 * of their sorted labels with a full comparison on a hash match.
 *
 * <p>Not thread-safe: confined to one thread; reusable (each translate starts afresh, only the
 * bounded attribute-key and metric-name caches survive).
 */
final class Translator {
  static final String NAME = "__name__";
  private static final String SERVICE_NAME = "service.name";
  private static final String SERVICE_NAMESPACE = "service.namespace";
  private static final String SERVICE_INSTANCE_ID = "service.instance.id";
  private static final byte[] NAME_BYTES = bytes(NAME);
  private static final byte[] JOB_BYTES = bytes("job");
  private static final byte[] INSTANCE_BYTES = bytes("instance");
  private static final byte[] LE = bytes("le");
  private static final byte[] QUANTILE = bytes("quantile");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] TRUE = bytes("true");
  private static final byte[] FALSE = bytes("false");
  private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
  private static final HexFormat HEX = HexFormat.of();
  /** Metric names remembered per translator before the cache is cleared. */
  static final int MAX_FAMILIES = 1024;
  /** A batch's bytes copy kept for the next batch only up to this size. */
  private static final int MAX_RETAINED_SCRATCH = 8 << 20;

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
   * @param series the series in the order first seen, each with its points in time order
   * @param metadata one entry per metric family, when {@code send_metadata} is on
   * @param droppedPoints data points that could not be translated
   * @param firstDropReason why the first of them was dropped, or null
   */
  record Result(List<Series> series, List<MetricMetadata> metadata, int droppedPoints,
      @Nullable String firstDropReason) {}

  private final Options options;
  private final byte[][] externalNames;
  private final byte[][] externalValues;
  private final byte[] targetInfoName;
  private final KeyCache keys = new KeyCache();
  private final Map<String, Family> families = new HashMap<>();
  private final Wire wire = new Wire();
  private byte[] scratch = EMPTY;

  // Per translation.
  private Series[] table = new Series[256];
  private int tableSize;
  private List<Series> order = new ArrayList<>();
  private final Map<String, MetricMetadata> metadata = new LinkedHashMap<>();
  private int dropped;
  private @Nullable String firstDropReason;

  // Scratch, reused per point.
  private final Attrs point = new Attrs();
  private final Attrs gathered = new Attrs();
  private final LabelSet labels = new LabelSet();
  private int[] exemplarSlices = new int[8];

  Translator(Options options) {
    this.options = options;
    int n = options.externalLabels().size();
    externalNames = new byte[n][];
    externalValues = new byte[n][];
    int i = 0;
    for (Map.Entry<String, String> e : options.externalLabels().entrySet()) {
      externalNames[i] = bytes(e.getKey());
      externalValues[i] = bytes(e.getValue());
      i++;
    }
    targetInfoName = bytes(Names.withNamespace("target_info", options.namespace()));
  }

  /** Attribute keys seen so far (tests: the cache stays bounded). */
  int cachedKeys() {
    return keys.size;
  }

  /** Metric names remembered (tests: the cache stays bounded). */
  int cachedFamilies() {
    return families.size();
  }

  // ---- entry points ----

  Result translate(List<ResourceMetrics> resources) {
    for (ResourceMetrics rm : resources) {
      Res res = new Res();
      for (KeyValue kv : rm.getResource().getAttributesList()) {
        res.attrs.add(keys.get(kv.getKey()), value(kv.getValue()));
      }
      res.identify();
      long latestMs = Long.MIN_VALUE;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          latestMs = Math.max(latestMs, translate(res, m));
        }
      }
      finishResource(res, latestMs);
    }
    return result();
  }

  /** The batch from its received bytes when it has them, else from its messages. */
  Result translate(MetricsBatch batch) {
    ByteString bytes = batch.wireBytes();
    if (bytes == null) {
      return translate(batch.resourceMetrics());
    }
    int n = bytes.size();
    if (scratch.length < n) {
      scratch = new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 8, scratch.length * 2))];
    }
    bytes.copyTo(scratch, 0);
    try {
      request(scratch, n);
    } catch (Malformed e) {
      // Not expected (the batch's bytes were checked on receipt): translate the parsed messages.
      reset();
      return translate(batch.resourceMetrics());
    } finally {
      if (scratch.length > MAX_RETAINED_SCRATCH) {
        scratch = EMPTY;
      }
    }
    return result();
  }

  private Result result() {
    List<Series> out = order;
    for (Series s : out) {
      s.sortPoints();
    }
    Result r = new Result(out, List.copyOf(metadata.values()), dropped, firstDropReason);
    reset();
    return r;
  }

  private void reset() {
    order = new ArrayList<>(Math.max(16, Math.min(order.size(), 1 << 16)));
    if (table.length > 1 << 16) {
      table = new Series[256];
    } else {
      Arrays.fill(table, null);
    }
    tableSize = 0;
    metadata.clear();
    dropped = 0;
    firstDropReason = null;
  }

  // ---- resources ----

  /** A resource: its attributes, and the job and instance they give (null when absent). */
  private static final class Res {
    final Attrs attrs = new Attrs();
    byte @Nullable [] job;
    byte @Nullable [] instance;

    void identify() {
      String name = null;
      String ns = null;
      String inst = null;
      for (int i = 0; i < attrs.n; i++) {
        switch (attrs.keys[i].key) {
          case SERVICE_NAME -> name = text(attrs.values[i]);
          case SERVICE_NAMESPACE -> ns = text(attrs.values[i]);
          case SERVICE_INSTANCE_ID -> inst = text(attrs.values[i]);
          default -> { }
        }
      }
      job = name == null ? null : bytes(ns == null || ns.isEmpty() ? name : ns + "/" + name);
      instance = inst == null ? null : bytes(inst);
    }
  }

  private void finishResource(Res res, long latestMs) {
    if (options.targetInfo() && latestMs != Long.MIN_VALUE) {
      addTargetInfo(res, latestMs);
    }
  }

  private void addTargetInfo(Res res, long timestampMs) {
    Attrs other = new Attrs();
    for (int i = 0; i < res.attrs.n; i++) {
      String k = res.attrs.keys[i].key;
      if (!k.equals(SERVICE_NAME) && !k.equals(SERVICE_NAMESPACE) && !k.equals(SERVICE_INSTANCE_ID)) {
        other.add(res.attrs.keys[i], res.attrs.values[i]);
      }
    }
    if (other.n == 0) {
      return;
    }
    series(res, other, false, targetInfoName, null, null).addSample(1, timestampMs);
  }

  private void drop(int points, String reason) {
    dropped += points;
    if (firstDropReason == null) {
      firstDropReason = reason;
    }
  }

  // ---- metric names ----

  /** A metric's Prometheus name, as text and bytes; cached per OTLP name, unit and kind. */
  private static final class Family {
    final String unit;
    final int kind;
    final String name;
    final byte[] bytes;
    byte @Nullable [] created;

    Family(String unit, int kind, String name) {
      this.unit = unit;
      this.kind = kind;
      this.name = name;
      this.bytes = bytes(name);
    }

    byte[] createdName() {
      byte[] c = created;
      if (c == null) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        c = bytes(base + "_created");
        created = c;
      }
      return c;
    }
  }

  private static final int KIND_GAUGE = 0;
  private static final int KIND_MONOTONIC_SUM = 1;
  private static final int KIND_OTHER = 2;

  private Family family(String metricName, String unit, int kind) {
    Family f = families.get(metricName);
    if (f != null && f.kind == kind && f.unit.equals(unit)) {
      return f;
    }
    if (families.size() >= MAX_FAMILIES) {
      families.clear();
    }
    f = new Family(unit, kind, Names.metricName(metricName, unit, kind == KIND_MONOTONIC_SUM, kind == KIND_GAUGE,
        options.namespace(), options.addSuffixes()));
    families.put(metricName, f);
    return f;
  }

  private static int kind(Metric m) {
    return m.hasGauge() ? KIND_GAUGE : m.hasSum() && m.getSum().getIsMonotonic() ? KIND_MONOTONIC_SUM : KIND_OTHER;
  }

  // ---- the message path ----

  /** Translates one metric; returns its latest timestamp in ms, or Long.MIN_VALUE when none. */
  private long translate(Res res, Metric m) {
    Family fam = family(m.getName(), m.getUnit(), kind(m));
    String name = fam.name;
    int points = MetricsBatch.pointCount(m);
    if (name.isEmpty()) {
      drop(points, "metric without a name");
      return Long.MIN_VALUE;
    }
    long latest = Long.MIN_VALUE;
    switch (m.getDataCase()) {
      case GAUGE -> {
        meta(name, MetricType.GAUGE, m.getDescription(), m.getUnit());
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          latest = Math.max(latest, number(res, fam, p, false));
        }
      }
      case SUM -> {
        if (m.getSum().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          drop(points, temporality(m.getName()));
          return latest;
        }
        boolean counter = m.getSum().getIsMonotonic();
        meta(name, counter ? MetricType.COUNTER : MetricType.GAUGE, m.getDescription(), m.getUnit());
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          latest = Math.max(latest, number(res, fam, p, counter));
        }
      }
      case HISTOGRAM -> {
        if (m.getHistogram().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          drop(points, temporality(m.getName()));
          return latest;
        }
        meta(name, MetricType.HISTOGRAM, m.getDescription(), m.getUnit());
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          latest = Math.max(latest, histogram(res, fam, p));
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        if (m.getExponentialHistogram().getAggregationTemporality()
            != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          drop(points, temporality(m.getName()));
          return latest;
        }
        meta(name, MetricType.HISTOGRAM, m.getDescription(), m.getUnit());
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          latest = Math.max(latest, nativeHistogram(res, fam, p));
        }
      }
      case SUMMARY -> {
        meta(name, MetricType.SUMMARY, m.getDescription(), m.getUnit());
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          latest = Math.max(latest, summary(res, fam, p));
        }
      }
      default -> drop(points, "metric \"" + m.getName() + "\" has no data type");
    }
    return latest;
  }

  private static String temporality(String metric) {
    return "invalid temporality and type combination for metric \"" + metric + "\"";
  }

  private void meta(String name, MetricType type, String description, String unit) {
    if (options.sendMetadata()) {
      metadata.putIfAbsent(name, new MetricMetadata(type, name, description, unit));
    }
  }

  private void pointAttributes(List<KeyValue> attrs) {
    point.clear();
    for (int i = 0, n = attrs.size(); i < n; i++) { // indexed: no iterator through protobuf's unmodifiable view
      KeyValue kv = attrs.get(i);
      point.add(keys.get(kv.getKey()), cachedValue(kv.getValue()));
    }
  }

  /*
   * String label values of decoded messages repeat point after point (often the same instances): a
   * direct-mapped cache by the String's hash returns the same bytes instead of encoding them again.
   * Label value arrays are never modified once made (joins and the series copy make new arrays).
   */
  private static final int VALUES = 4096;
  private final String[] valueStrings = new String[VALUES];
  private final byte[][] valueBytes = new byte[VALUES][];

  private byte[] cachedValue(AnyValue v) {
    if (v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
      return value(v);
    }
    String s = v.getStringValue();
    int slot = s.hashCode() & (VALUES - 1);
    String c = valueStrings[slot];
    if (c != null && c.equals(s)) {
      return valueBytes[slot];
    }
    byte[] b = bytes(s);
    valueStrings[slot] = s;
    valueBytes[slot] = b;
    return b;
  }

  private long number(Res res, Family fam, NumberDataPoint p, boolean counter) {
    long ts = ms(p.getTimeUnixNano());
    double v = (p.getFlags() & NO_RECORDED_VALUE) != 0 ? RemoteWrite.STALE_NAN
        : p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (double) p.getAsInt() : p.getAsDouble();
    pointAttributes(p.getAttributesList());
    Series a = series(res, fam.bytes);
    a.addSample(v, ts);
    if (counter) {
      for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
        a.addExemplar(exemplar(e));
      }
      created(res, fam, p.getStartTimeUnixNano(), ts);
    }
    return ts;
  }

  private long histogram(Res res, Family fam, HistogramDataPoint p) {
    long ts = ms(p.getTimeUnixNano());
    boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
    pointAttributes(p.getAttributesList());
    String name = fam.name;
    if (p.hasSum()) {
      series(res, bytes(name + "_sum")).addSample(stale ? RemoteWrite.STALE_NAN : p.getSum(), ts);
    }
    series(res, bytes(name + "_count")).addSample(stale ? RemoteWrite.STALE_NAN : (double) p.getCount(), ts);
    int bounds = p.getExplicitBoundsCount();
    List<Series> buckets = new ArrayList<>(bounds + 1);
    byte[] bucketName = bytes(name + "_bucket");
    long cumulative = 0;
    for (int i = 0; i < bounds; i++) {
      cumulative += i < p.getBucketCountsCount() ? p.getBucketCounts(i) : 0;
      Series b = series(res, point, options.resourceToTelemetry(), bucketName, LE,
          bytes(Names.formatFloat(p.getExplicitBounds(i))));
      b.addSample(stale ? RemoteWrite.STALE_NAN : (double) cumulative, ts);
      buckets.add(b);
    }
    Series inf = series(res, point, options.resourceToTelemetry(), bucketName, LE, bytes("+Inf"));
    inf.addSample(stale ? RemoteWrite.STALE_NAN : (double) p.getCount(), ts);
    buckets.add(inf);
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
      Exemplar ex = exemplar(e);
      int i = 0;
      while (i < bounds && ex.value() > p.getExplicitBounds(i)) {
        i++;
      }
      buckets.get(i).addExemplar(ex);
    }
    created(res, fam, p.getStartTimeUnixNano(), ts);
    return ts;
  }

  private long summary(Res res, Family fam, SummaryDataPoint p) {
    long ts = ms(p.getTimeUnixNano());
    boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
    pointAttributes(p.getAttributesList());
    String name = fam.name;
    series(res, bytes(name + "_sum")).addSample(stale ? RemoteWrite.STALE_NAN : p.getSum(), ts);
    series(res, bytes(name + "_count")).addSample(stale ? RemoteWrite.STALE_NAN : (double) p.getCount(), ts);
    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
      series(res, point, options.resourceToTelemetry(), fam.bytes, QUANTILE, bytes(Names.formatFloat(q.getQuantile())))
          .addSample(stale ? RemoteWrite.STALE_NAN : q.getValue(), ts);
    }
    created(res, fam, p.getStartTimeUnixNano(), ts);
    return ts;
  }

  private long nativeHistogram(Res res, Family fam, ExponentialHistogramDataPoint p) {
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
    pointAttributes(p.getAttributesList());
    Series a = series(res, fam.bytes);
    a.addHistogram(h);
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
      a.addExemplar(exemplar(e));
    }
    return ts;
  }

  /** The {@code _created} series of the current point (its attributes in {@link #point}). */
  private void created(Res res, Family fam, long startNanos, long ts) {
    if (!options.exportCreated() || startNanos == 0) {
      return;
    }
    series(res, fam.createdName()).addSample((double) ms(startNanos), ts);
  }

  // ---- the wire path ----

  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LEN = 2;

  /** One or more concatenated ExportMetricsServiceRequest encodings in {@code buf[0, end)}. */
  private void request(byte[] buf, int end) {
    Wire w = wire;
    w.buf = buf;
    w.pos = 0;
    w.limit = end;
    while (w.more()) {
      int tag = w.tag();
      if (tag == tag(1, LEN)) {
        int e = w.len();
        int saved = w.enter(e);
        resourceMetrics(w);
        w.exit(e, saved);
      } else {
        w.skip(tag);
      }
    }
  }

  private void resourceMetrics(Wire w) {
    int start = w.pos;
    Res res = new Res();
    // A repeated embedded message field merges: every occurrence's attributes, in order.
    while (w.more()) {
      int tag = w.tag();
      if (tag == tag(1, LEN)) {
        int e = w.len();
        int saved = w.enter(e);
        while (w.more()) {
          int t = w.tag();
          if (t == tag(1, LEN)) {
            int kvEnd = w.len();
            keyValue(w, kvEnd, res.attrs);
          } else {
            w.skip(t);
          }
        }
        w.exit(e, saved);
      } else {
        w.skip(tag);
      }
    }
    res.identify();
    w.pos = start;
    long latestMs = Long.MIN_VALUE;
    while (w.more()) {
      int tag = w.tag();
      if (tag == tag(2, LEN)) {
        int e = w.len();
        int saved = w.enter(e);
        while (w.more()) {
          int t = w.tag();
          if (t == tag(2, LEN)) {
            int me = w.len();
            int s2 = w.enter(me);
            latestMs = Math.max(latestMs, metric(w, res));
            w.exit(me, s2);
          } else {
            w.skip(t);
          }
        }
        w.exit(e, saved);
      } else {
        w.skip(tag);
      }
    }
    finishResource(res, latestMs);
  }

  private long metric(Wire w, Res res) {
    int start = w.pos;
    int nameFrom = 0;
    int nameTo = 0;
    int descFrom = 0;
    int descTo = 0;
    int unitFrom = 0;
    int unitTo = 0;
    int dataTag = 0;
    int dataCount = 0;
    int dataFrom = 0;
    int dataTo = 0;
    while (w.more()) {
      int tag = w.tag();
      switch (tag) {
        case 1 << 3 | LEN -> {
          nameTo = w.len();
          nameFrom = w.pos;
          w.pos = nameTo;
        }
        case 2 << 3 | LEN -> {
          descTo = w.len();
          descFrom = w.pos;
          w.pos = descTo;
        }
        case 3 << 3 | LEN -> {
          unitTo = w.len();
          unitFrom = w.pos;
          w.pos = unitTo;
        }
        case 5 << 3 | LEN, 7 << 3 | LEN, 9 << 3 | LEN, 10 << 3 | LEN, 11 << 3 | LEN -> {
          dataCount++;
          dataTag = tag;
          dataTo = w.len();
          dataFrom = w.pos;
          w.pos = dataTo;
        }
        default -> w.skip(tag);
      }
    }
    if (dataCount != 1 || (dataTag != tag(5, LEN) && dataTag != tag(7, LEN))) {
      Metric m;
      try {
        m = Metric.parser().parseFrom(w.buf, start, w.limit - start);
      } catch (InvalidProtocolBufferException e) {
        throw Malformed.INSTANCE;
      }
      return translate(res, m);
    }
    byte[] buf = w.buf;
    String metricName = new String(buf, nameFrom, nameTo - nameFrom, StandardCharsets.UTF_8);
    String unit = unitTo == unitFrom ? "" : new String(buf, unitFrom, unitTo - unitFrom, StandardCharsets.UTF_8);
    boolean gauge = dataTag == tag(5, LEN);
    int temporality = 0;
    boolean monotonic = false;
    if (!gauge) {
      w.pos = dataFrom;
      int saved = w.enter(dataTo);
      while (w.more()) {
        int t = w.tag();
        if (t == tag(2, VARINT)) {
          temporality = (int) w.varint();
        } else if (t == tag(3, VARINT)) {
          monotonic = w.varint() != 0;
        } else {
          w.skip(t);
        }
      }
      w.exit(dataTo, saved);
    }
    Family fam = family(metricName, unit, gauge ? KIND_GAUGE : monotonic ? KIND_MONOTONIC_SUM : KIND_OTHER);
    if (fam.name.isEmpty()) {
      drop(countPoints(w, dataFrom, dataTo), "metric without a name");
      return Long.MIN_VALUE;
    }
    if (!gauge && temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE) {
      drop(countPoints(w, dataFrom, dataTo), temporality(metricName));
      return Long.MIN_VALUE;
    }
    if (options.sendMetadata()) {
      String desc = new String(buf, descFrom, descTo - descFrom, StandardCharsets.UTF_8);
      meta(fam.name, gauge || !monotonic ? MetricType.GAUGE : MetricType.COUNTER, desc, unit);
    }
    long latest = Long.MIN_VALUE;
    w.pos = dataFrom;
    int saved = w.enter(dataTo);
    while (w.more()) {
      int t = w.tag();
      if (t == tag(1, LEN)) {
        int pe = w.len();
        int s2 = w.enter(pe);
        latest = Math.max(latest, number(w, res, fam, !gauge && monotonic));
        w.exit(pe, s2);
      } else {
        w.skip(t);
      }
    }
    w.exit(dataTo, saved);
    return latest;
  }

  private static int countPoints(Wire w, int from, int to) {
    w.pos = from;
    int saved = w.enter(to);
    int n = 0;
    while (w.more()) {
      int t = w.tag();
      if (t == tag(1, LEN)) {
        n++;
      }
      w.skip(t);
    }
    w.exit(to, saved);
    return n;
  }

  /** A NumberDataPoint. */
  private long number(Wire w, Res res, Family fam, boolean counter) {
    point.clear();
    long startNanos = 0;
    long timeNanos = 0;
    int flags = 0;
    int valueField = 0;
    long valueBits = 0;
    int exemplars = 0;
    while (w.more()) {
      int tag = w.tag();
      switch (tag) {
        case 7 << 3 | LEN -> keyValue(w, w.len(), point);
        case 2 << 3 | FIXED64 -> startNanos = w.fixed64();
        case 3 << 3 | FIXED64 -> timeNanos = w.fixed64();
        case 4 << 3 | FIXED64 -> {
          valueField = 4;
          valueBits = w.fixed64();
        }
        case 6 << 3 | FIXED64 -> {
          valueField = 6;
          valueBits = w.fixed64();
        }
        case 8 << 3 | VARINT -> flags = (int) w.varint();
        case 5 << 3 | LEN -> {
          int e = w.len();
          if (counter) {
            if (exemplarSlices.length < 2 * exemplars + 2) {
              exemplarSlices = Arrays.copyOf(exemplarSlices, exemplarSlices.length * 2);
            }
            exemplarSlices[2 * exemplars] = w.pos;
            exemplarSlices[2 * exemplars + 1] = e;
            exemplars++;
          }
          w.pos = e;
        }
        default -> w.skip(tag);
      }
    }
    long ts = ms(timeNanos);
    double v = (flags & NO_RECORDED_VALUE) != 0 ? RemoteWrite.STALE_NAN
        : valueField == 6 ? (double) valueBits : valueField == 4 ? Double.longBitsToDouble(valueBits) : 0.0;
    Series a = series(res, fam.bytes);
    a.addSample(v, ts);
    if (counter) {
      for (int i = 0; i < exemplars; i++) {
        int from = exemplarSlices[2 * i];
        try {
          a.addExemplar(exemplar(io.opentelemetry.proto.metrics.v1.Exemplar.parser()
              .parseFrom(w.buf, from, exemplarSlices[2 * i + 1] - from)));
        } catch (InvalidProtocolBufferException e) {
          throw Malformed.INSTANCE;
        }
      }
      created(res, fam, startNanos, ts);
    }
    return ts;
  }

  /** A KeyValue ending at {@code end}, added to {@code to}; leaves the reader at {@code end}. */
  private void keyValue(Wire w, int end, Attrs to) {
    int start = w.pos;
    int saved = w.enter(end);
    int keyFrom = 0;
    int keyTo = 0;
    int values = 0;
    int valueFrom = 0;
    int valueTo = 0;
    while (w.more()) {
      int tag = w.tag();
      if (tag == tag(1, LEN)) {
        keyTo = w.len();
        keyFrom = w.pos;
        w.pos = keyTo;
      } else if (tag == tag(2, LEN)) {
        values++;
        valueTo = w.len();
        valueFrom = w.pos;
        w.pos = valueTo;
      } else {
        w.skip(tag);
      }
    }
    w.exit(end, saved);
    if (values > 1) {
      // The value message occurs more than once: protobuf merges them; let it.
      try {
        KeyValue kv = KeyValue.parser().parseFrom(w.buf, start, end - start);
        to.add(keys.get(kv.getKey()), value(kv.getValue()));
      } catch (InvalidProtocolBufferException e) {
        throw Malformed.INSTANCE;
      }
      return;
    }
    Key key = hintedKey(w.buf, keyFrom, keyTo - keyFrom, to.n);
    to.add(key, values == 0 ? EMPTY : anyValue(w, valueFrom, valueTo));
  }

  /** The key at this attribute position of the previous point, which is usually this one's. */
  private Key[] keyHints = new Key[16];

  private Key hintedKey(byte[] buf, int off, int len, int position) {
    if (position < keyHints.length) {
      Key hint = keyHints[position];
      if (hint != null && hint.raw.length == len && sameBytes(hint.raw, buf, off, len)) {
        return hint;
      }
      Key k = keys.get(buf, off, len);
      keyHints[position] = k;
      return k;
    }
    return keys.get(buf, off, len);
  }

  private static boolean sameBytes(byte[] a, byte[] buf, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (a[i] != buf[off + i]) {
        return false;
      }
    }
    return true;
  }

  /** An AnyValue in {@code buf[from, to)} as label value bytes ({@link #asString}). */
  private static byte[] anyValue(Wire w, int from, int to) {
    int savedPos = w.pos;
    w.pos = from;
    int saved = w.enter(to);
    int fields = 0;
    int tag = 0;
    int valueFrom = 0;
    int valueTo = 0;
    long bits = 0;
    while (w.more()) {
      int t = w.tag();
      switch (t) {
        case 1 << 3 | LEN -> {
          fields++;
          tag = t;
          valueTo = w.len();
          valueFrom = w.pos;
          w.pos = valueTo;
        }
        case 2 << 3 | VARINT, 3 << 3 | VARINT -> {
          fields++;
          tag = t;
          bits = w.varint();
        }
        case 4 << 3 | FIXED64 -> {
          fields++;
          tag = t;
          bits = w.fixed64();
        }
        case 5 << 3 | LEN, 6 << 3 | LEN, 7 << 3 | LEN -> {
          fields += 2;
          w.skip(t);
        }
        default -> w.skip(t);
      }
    }
    w.exit(to, saved);
    w.pos = savedPos;
    if (fields == 0) {
      return EMPTY;
    }
    if (fields == 1) {
      switch (tag) {
        case 1 << 3 | LEN -> {
          return Arrays.copyOfRange(w.buf, valueFrom, valueTo);
        }
        case 2 << 3 | VARINT -> {
          return bits != 0 ? TRUE : FALSE;
        }
        case 3 << 3 | VARINT -> {
          return bytes(Long.toString(bits));
        }
        default -> {
          return bytes(Names.formatFloat(Double.longBitsToDouble(bits)));
        }
      }
    }
    try {
      return value(AnyValue.parser().parseFrom(w.buf, from, to - from));
    } catch (InvalidProtocolBufferException e) {
      throw Malformed.INSTANCE;
    }
  }

  /** Protobuf wire reading over {@code buf[pos, limit)}; throws {@link Malformed} on bad input. */
  static final class Wire {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    byte[] buf = EMPTY;
    int pos;
    int limit;

    boolean more() {
      return pos < limit;
    }

    int tag() {
      long t = varint();
      if (t <= 0 || t > 0xFFFFFFFFL || (t >>> 3) == 0) {
        throw Malformed.INSTANCE;
      }
      return (int) t;
    }

    long varint() {
      long r = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= limit) {
          throw Malformed.INSTANCE;
        }
        byte b = buf[pos++];
        r |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return r;
        }
      }
      throw Malformed.INSTANCE;
    }

    long fixed64() {
      if (limit - pos < 8) {
        throw Malformed.INSTANCE;
      }
      long v = (long) LONG.get(buf, pos);
      pos += 8;
      return v;
    }

    /** Reads a length prefix; returns where the field ends (the reader is at its start). */
    int len() {
      long n = varint();
      if (n < 0 || n > limit - pos) {
        throw Malformed.INSTANCE;
      }
      return pos + (int) n;
    }

    /** Limits reading to {@code end}; returns the previous limit for {@link #exit}. */
    int enter(int end) {
      int saved = limit;
      limit = end;
      return saved;
    }

    void exit(int end, int savedLimit) {
      pos = end;
      limit = savedLimit;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> pos = len();
        case 5 -> advance(4);
        case 3 -> {
          int field = tag >>> 3;
          while (true) {
            if (!more()) {
              throw Malformed.INSTANCE;
            }
            int t = tag();
            if ((t & 7) == 4) {
              if (t >>> 3 != field) {
                throw Malformed.INSTANCE;
              }
              return;
            }
            skip(t);
          }
        }
        default -> throw Malformed.INSTANCE;
      }
    }

    private void advance(int n) {
      if (limit - pos < n) {
        throw Malformed.INSTANCE;
      }
      pos += n;
    }
  }

  /** Bytes the wire reader cannot read (never expected: batches are checked on receipt). */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super("malformed OTLP metrics", null, false, false);
    }
  }

  // ---- labels and series ----

  /** An attribute key with its UTF-8 bytes and its label name. */
  static final class Key {
    final String key;
    final byte[] raw;
    final byte[] label;
    final int hash;

    Key(String key, byte[] raw, int hash) {
      this.key = key;
      this.raw = raw;
      this.label = bytes(Names.labelName(key));
      this.hash = hash;
    }
  }

  /**
   * Attribute keys by their UTF-8 bytes, so that a key is decoded and turned into a label name
   * once rather than per point. Bounded: cleared when {@link #MAX_KEYS} keys are held.
   */
  static final class KeyCache {
    static final int MAX_KEYS = 4096;
    private final Key[] table = new Key[2 * MAX_KEYS];
    int size;

    Key get(byte[] buf, int off, int len) {
      int h = 1;
      for (int i = off; i < off + len; i++) {
        h = 31 * h + buf[i];
      }
      h ^= h >>> 16;
      int mask = table.length - 1;
      int i = h & mask;
      for (Key k; (k = table[i]) != null; i = (i + 1) & mask) {
        if (k.hash == h && Arrays.equals(k.raw, 0, k.raw.length, buf, off, off + len)) {
          return k;
        }
      }
      if (size >= MAX_KEYS) {
        Arrays.fill(table, null);
        size = 0;
        i = h & mask;
      }
      byte[] raw = Arrays.copyOfRange(buf, off, off + len);
      Key k = new Key(new String(raw, StandardCharsets.UTF_8), raw, h);
      table[i] = k;
      size++;
      return k;
    }

    /*
     * Decoded messages (the scrape receiver's, and any batch without received bytes) give keys as
     * Strings, mostly the same instances point after point: a direct-mapped front cache by the
     * String's own (cached) hash skips encoding the key and probing the table.
     */
    private static final int STRINGS = 1024;
    private final String[] strings = new String[STRINGS];
    private final Key[] stringKeys = new Key[STRINGS];

    Key get(String key) {
      int slot = key.hashCode() & (STRINGS - 1);
      String s = strings[slot];
      if (s != null && s.equals(key)) {
        return stringKeys[slot];
      }
      byte[] raw = bytes(key);
      Key k = get(raw, 0, raw.length);
      // A key that is not valid UTF-16 (lone surrogate) does not survive the round trip: keep it as given.
      Key out = k.key.equals(key) ? k : new Key(key, raw, k.hash);
      strings[slot] = key;
      stringKeys[slot] = out;
      return out;
    }
  }

  /** Attributes as keys and label value bytes. */
  private static final class Attrs {
    Key[] keys = new Key[8];
    byte[][] values = new byte[8][];
    int n;

    void clear() {
      n = 0;
    }

    void add(Key k, byte[] v) {
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      keys[n] = k;
      values[n] = v;
      n++;
    }

    /** Adds, or replaces the value of an attribute with the same key. */
    void put(Key k, byte[] v) {
      for (int i = 0; i < n; i++) {
        if (keys[i] == k || keys[i].key.equals(k.key)) {
          values[i] = v;
          return;
        }
      }
      add(k, v);
    }

    /** Stable sort by key. */
    void sortByKey() {
      for (int i = 1; i < n; i++) {
        Key k = keys[i];
        if (keys[i - 1].key.compareTo(k.key) <= 0) {
          continue;
        }
        byte[] v = values[i];
        int j = i - 1;
        while (j >= 0 && keys[j].key.compareTo(k.key) > 0) {
          keys[j + 1] = keys[j];
          values[j + 1] = values[j];
          j--;
        }
        keys[j + 1] = k;
        values[j + 1] = v;
      }
    }
  }

  /** A label set being built: names unique, sorted at the end. */
  private static final class LabelSet {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    byte[][] names = new byte[16][];
    byte[][] values = new byte[16][];
    /** The first 8 bytes of each name, big-endian, zero-padded: orders most names without a full comparison. */
    long[] prefixes = new long[16];
    int n;

    void clear() {
      n = 0;
    }

    private static long prefix(byte[] b) {
      if (b.length >= 8) {
        return (long) BIG.get(b, 0);
      }
      long p = 0;
      for (int i = 0; i < 8; i++) {
        p = p << 8 | (i < b.length ? b[i] & 0xff : 0);
      }
      return p;
    }

    /** Unsigned byte order of two names, given their prefixes. */
    private static int compare(long pa, byte[] a, long pb, byte[] b) {
      int c = Long.compareUnsigned(pa, pb);
      return c != 0 ? c : Arrays.compareUnsigned(a, b);
    }

    private int indexOf(byte[] name) {
      for (int i = 0; i < n; i++) {
        if (names[i] == name) {
          return i;
        }
      }
      long p = prefix(name);
      for (int i = 0; i < n; i++) {
        if (prefixes[i] == p && Arrays.equals(names[i], name)) {
          return i;
        }
      }
      return -1;
    }

    private void append(byte[] name, byte[] value) {
      if (n == names.length) {
        names = Arrays.copyOf(names, n * 2);
        values = Arrays.copyOf(values, n * 2);
        prefixes = Arrays.copyOf(prefixes, n * 2);
      }
      names[n] = name;
      values[n] = value;
      prefixes[n] = prefix(name);
      n++;
    }

    /** Values of the same name are joined with ';'. */
    void merge(byte[] name, byte[] value) {
      int i = indexOf(name);
      if (i < 0) {
        append(name, value);
        return;
      }
      byte[] a = values[i];
      byte[] joined = Arrays.copyOf(a, a.length + 1 + value.length);
      joined[a.length] = ';';
      System.arraycopy(value, 0, joined, a.length + 1, value.length);
      values[i] = joined;
    }

    void put(byte[] name, byte[] value) {
      int i = indexOf(name);
      if (i < 0) {
        append(name, value);
      } else {
        values[i] = value;
      }
    }

    void putIfAbsent(byte[] name, byte[] value) {
      if (indexOf(name) < 0) {
        append(name, value);
      }
    }

    /** Drops empty values (as Prometheus does) and sorts by name. */
    void finish() {
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (values[i].length > 0) {
          names[m] = names[i];
          values[m] = values[i];
          prefixes[m] = prefixes[i];
          m++;
        }
      }
      n = m;
      for (int i = 1; i < n; i++) {
        byte[] name = names[i];
        long p = prefixes[i];
        if (compare(prefixes[i - 1], names[i - 1], p, name) <= 0) {
          continue;
        }
        byte[] value = values[i];
        int j = i - 1;
        while (j >= 0 && compare(prefixes[j], names[j], p, name) > 0) {
          names[j + 1] = names[j];
          values[j + 1] = values[j];
          prefixes[j + 1] = prefixes[j];
          j--;
        }
        names[j + 1] = name;
        values[j + 1] = value;
        prefixes[j + 1] = p;
      }
    }

    long hash() {
      long h = 0x9E3779B97F4A7C15L;
      for (int i = 0; i < n; i++) {
        h = mix(mix(h, names[i]), values[i]);
      }
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      return h ^ (h >>> 33);
    }

    private static long mix(long h, byte[] b) {
      final long p = 0x100000001B3L * 0x9E3779B1L + 1;
      h = (h ^ b.length) * p;
      int i = 0;
      for (; i + 8 <= b.length; i += 8) {
        h = Long.rotateLeft((h ^ (long) LONG.get(b, i)) * p, 29);
      }
      for (; i < b.length; i++) {
        h = (h ^ (b[i] & 0xff)) * p;
      }
      return Long.rotateLeft(h, 17);
    }

    boolean sameAs(byte[][] labels) {
      if (labels.length != 2 * n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        byte[] a = labels[2 * i];
        byte[] b = labels[2 * i + 1];
        if ((a != names[i] && !Arrays.equals(a, names[i])) || (b != values[i] && !Arrays.equals(b, values[i]))) {
          return false;
        }
      }
      return true;
    }

    byte[][] toArray() {
      byte[][] out = new byte[2 * n][];
      for (int i = 0; i < n; i++) {
        out[2 * i] = names[i];
        out[2 * i + 1] = values[i];
      }
      return out;
    }
  }

  /** The series of the current point's attributes ({@link #point}) with this name. */
  private Series series(Res res, byte[] name) {
    return series(res, point, options.resourceToTelemetry(), name, null, null);
  }

  /**
   * The series with these labels, created on first sight: the attributes (with the resource's
   * when {@code withResource}; a point attribute wins over a resource one of the same key)
   * normalized, values of keys normalizing to the same name joined with ';' in key order; then
   * job and instance, external labels where absent, the extra label and {@code __name__};
   * labels with empty values dropped.
   */
  private Series series(Res res, Attrs attrs, boolean withResource, byte[] name, byte @Nullable [] extraName,
      byte @Nullable [] extraValue) {
    Attrs g;
    if (withResource && res.attrs.n > 0) {
      g = gathered;
      g.clear();
      for (int i = 0; i < res.attrs.n; i++) {
        g.put(res.attrs.keys[i], res.attrs.values[i]);
      }
      for (int i = 0; i < attrs.n; i++) {
        g.put(attrs.keys[i], attrs.values[i]);
      }
    } else if (attrs == point) {
      g = point;
      // Sorting the point's attributes in place is harmless: every use sorts them the same way.
    } else {
      g = attrs;
    }
    g.sortByKey();
    LabelSet l = labels;
    l.clear();
    for (int i = 0; i < g.n; i++) {
      byte[] label = g.keys[i].label;
      if (label.length > 0) {
        l.merge(label, g.values[i]);
      }
    }
    if (res.job != null) {
      l.put(JOB_BYTES, res.job);
    }
    if (res.instance != null) {
      l.put(INSTANCE_BYTES, res.instance);
    }
    for (int i = 0; i < externalNames.length; i++) {
      l.putIfAbsent(externalNames[i], externalValues[i]);
    }
    if (extraName != null && extraValue != null) {
      l.put(extraName, extraValue);
    }
    l.put(NAME_BYTES, name);
    l.finish();
    long h = l.hash();
    Series[] t = table;
    int mask = t.length - 1;
    int i = (int) (h ^ (h >>> 32)) & mask;
    for (Series s; (s = t[i]) != null; i = (i + 1) & mask) {
      if (s.hash == h && l.sameAs(s.labels)) {
        return s;
      }
    }
    Series s = new Series(l.toArray(), h, name);
    t[i] = s;
    order.add(s);
    if (++tableSize * 2 > t.length) {
      grow();
    }
    return s;
  }

  private void grow() {
    Series[] bigger = new Series[table.length * 2];
    int mask = bigger.length - 1;
    for (Series s : table) {
      if (s != null) {
        int i = (int) (s.hash ^ (s.hash >>> 32)) & mask;
        while (bigger[i] != null) {
          i = (i + 1) & mask;
        }
        bigger[i] = s;
      }
    }
    table = bigger;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** An attribute value as label value bytes. */
  private static byte[] value(AnyValue v) {
    return v.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? bytes(v.getStringValue()) : bytes(asString(v));
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

  /** Exemplar labels: normalized names; values of keys normalizing to the same name joined with ';' in key order. */
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
