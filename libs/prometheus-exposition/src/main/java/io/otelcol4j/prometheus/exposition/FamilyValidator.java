package io.otelcol4j.prometheus.exposition;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The OpenMetrics 1.0 rules above the line grammar, checked as the lines stream by, with the
 * semantics of the reference parser the conformance suite was written against: each family is
 * contiguous and its metadata precede its samples; family names (with their types' suffixes) do
 * not clash; sample names carry the suffixes their type allows; label groups (a series without its
 * {@code le}, {@code quantile} or state label) are contiguous, with timestamps on all or none of
 * their samples, never going backwards; counter-like values are neither NaN nor negative;
 * histograms have sorted, cumulative buckets ending in {@code +Inf} and consistent
 * {@code _count}/{@code _sum}; info and stateset values are 1 and 0/1; exemplars appear only on
 * counter {@code _total} and histogram {@code _bucket} samples; units are name suffixes.
 *
 * <p>Groups are compared by a 64-bit order-independent hash of their raw label bytes, so a page
 * with more than a few billion groups could in theory see a false "not contiguous" error.
 */
final class FamilyValidator {
  private enum Suffix {
    NONE(""), TOTAL("_total"), CREATED("_created"), BUCKET("_bucket"), COUNT("_count"), SUM("_sum"),
    GCOUNT("_gcount"), GSUM("_gsum"), INFO("_info");

    final String text;

    Suffix(String text) {
      this.text = text;
    }
  }

  private static final Suffix[] COUNTER = {Suffix.TOTAL, Suffix.CREATED};
  private static final Suffix[] SUMMARY = {Suffix.NONE, Suffix.COUNT, Suffix.SUM, Suffix.CREATED};
  private static final Suffix[] HISTOGRAM = {Suffix.COUNT, Suffix.SUM, Suffix.BUCKET, Suffix.CREATED};
  private static final Suffix[] GAUGE_HISTOGRAM = {Suffix.GCOUNT, Suffix.GSUM, Suffix.BUCKET};
  private static final Suffix[] INFO = {Suffix.INFO};
  private static final Suffix[] PLAIN = {Suffix.NONE};

  private final OpenMetricsParser p;
  private final Set<String> seenNames = new HashSet<>();
  private final LongSet seenGroups = new LongSet();

  // The current family; name == null before the first.
  private @Nullable String name;
  private byte[] nameBytes = new byte[0];
  private @Nullable MetricType type;
  private @Nullable String help;
  private @Nullable String unit;
  private boolean hasSamples;

  // The current label group.
  private boolean hasGroup;
  private long group;
  private boolean groupHasTs;
  private double groupTs;

  // The current histogram group (a label group at one timestamp).
  private boolean hActive;
  private long hGroup;
  private boolean hHasTs;
  private double hTs;
  private boolean hHasBucket;
  private double hLastLe;
  private double hLastValue;
  private boolean hHasCount;
  private double hCount;
  private boolean hHasSum;
  private boolean hHasGsum;
  private boolean hNegativeBucket;
  private boolean hNegativeGsum;

  FamilyValidator(OpenMetricsParser parser) {
    this.p = parser;
  }

  void reset() {
    seenNames.clear();
    name = null;
    nameBytes = new byte[0];
    startFamily(null);
  }

  void metadata(Entry kind, int ns, int ne, int ts, int te) throws ParseException {
    byte[] b = p.buf;
    boolean same = name != null && Arrays.equals(nameBytes, 0, nameBytes.length, b, ns, ne);
    if (same && hasSamples) {
      throw p.error(kind + " line for \"" + name + "\" after its samples"
          + " (expected: HELP, TYPE and UNIT lines before the samples of their family)");
    }
    if (!same) {
      finishFamily();
      nameBytes = Arrays.copyOfRange(b, ns, ne);
      startFamily(p.cache.get(b, ns, ne));
      checkNotSeen();
    }
    String n = name;
    switch (kind) {
      case HELP -> {
        if (help != null) {
          throw p.error("second HELP line for \"" + n + "\" (expected: at most one per family)");
        }
        if (!p.validUtf8(ts, te)) {
          throw p.error("HELP text of \"" + n + "\" is not valid UTF-8");
        }
        help = ExpositionParser.unescapeHelp(b, ts, te, true);
      }
      case TYPE -> {
        if (type != null) {
          throw p.error("second TYPE line for \"" + n + "\" (expected: at most one per family)");
        }
        type = parseType(ts, te);
      }
      default -> {
        if (unit != null) {
          throw p.error("second UNIT line for \"" + n + "\" (expected: at most one per family)");
        }
        String u = p.decode(ts, te);
        if (!u.isEmpty() && !n.endsWith("_" + u)) {
          throw p.error("unit " + p.quote(ts, te) + " is not a suffix of metric family \"" + n
              + "\" (expected: the name to end in \"_" + u + "\")");
        }
        unit = u;
      }
    }
    publish();
  }

  private MetricType parseType(int s, int e) throws ParseException {
    String t = p.decode(s, e);
    for (MetricType m : MetricType.values()) {
      if (m.text().equals(t)) {
        return m;
      }
    }
    throw p.error("invalid metric type " + p.quote(s, e) + " (expected: counter, gauge, histogram,"
        + " gaugehistogram, summary, info, stateset or unknown)");
  }

  /** Checks the sample the parser just read, whose name is {@code [s, e)}. */
  void sample(int s, int e) throws ParseException {
    Suffix sfx = name == null ? null : suffixOf(s, e);
    if (sfx == null && type != null && Arrays.equals(nameBytes, 0, nameBytes.length, p.buf, s, e)) {
      StringBuilder allowed = new StringBuilder();
      for (Suffix x : suffixes(type)) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(name).append(x.text);
      }
      throw p.error("sample " + p.metricName() + " of " + type.text() + " \"" + name
          + "\" lacks a suffix (expected: " + allowed + ")");
    }
    if (sfx == null) {
      finishFamily();
      nameBytes = Arrays.copyOfRange(p.buf, s, e);
      startFamily(p.metricName());
      type = MetricType.UNKNOWN;
      checkNotSeen();
      sfx = Suffix.NONE;
    }
    hasSamples = true;
    String n = name;
    MetricType t = type == null ? MetricType.UNKNOWN : type;
    Labels labels = p.labels;
    double v = p.value;

    int skip = -1;
    double le = 0;
    if (t == MetricType.STATESET) {
      skip = labels.indexOf(n);
      if (skip < 0) {
        throw p.error("stateset sample " + series() + " has no label \"" + n
            + "\" (expected: the state in a label named like the family)");
      }
    } else if (sfx == Suffix.BUCKET) {
      skip = labels.indexOf("le");
      le = skip < 0 ? Double.NaN : labelNumber(skip);
      if (Double.isNaN(le) || le == Double.POSITIVE_INFINITY && !labelIs(skip, "+Inf")) {
        throw p.error("histogram bucket " + series() + " has "
            + (skip < 0 ? "no \"le\" label" : "an invalid \"le\" label " + quoteValue(skip))
            + " (expected: a float upper bound, \"+Inf\" for the last bucket)");
      }
    } else if (t == MetricType.SUMMARY && sfx == Suffix.NONE) {
      skip = labels.indexOf("quantile");
      double q = skip < 0 ? Double.NaN : labelNumber(skip);
      if (!(q >= 0 && q <= 1)) {
        throw p.error("summary quantile " + series() + " has "
            + (skip < 0 ? "no \"quantile\" label" : "an invalid \"quantile\" label " + quoteValue(skip))
            + " (expected: a float from 0 to 1)");
      }
    }

    long g = t == MetricType.INFO ? 0 : labels.hashExcept(skip);
    boolean hasTs = p.hasTimestamp;
    double ts = p.timestampSeconds;
    if (hasGroup && g != group && seenGroups.contains(g)) {
      throw p.error("samples of metric family \"" + n + "\" are not grouped: " + series()
          + " follows other label sets after its group ended (expected: each label set's samples together)");
    }
    if (hasGroup && g == group) {
      if (hasTs != groupHasTs) {
        throw p.error("sample " + series() + " " + (hasTs ? "has" : "lacks") + " a timestamp unlike the"
            + " previous sample of its group (expected: timestamps on all or none of a group's samples)");
      }
      if (hasTs && groupTs > ts && t != MetricType.INFO) {
        throw p.error("timestamp of " + series() + " goes backwards within its group"
            + " (expected: non-decreasing timestamps)");
      }
    }
    hasGroup = true;
    group = g;
    groupHasTs = hasTs;
    groupTs = ts;
    seenGroups.add(g);

    if (t == MetricType.STATESET && v != 0 && v != 1) {
      throw p.error("stateset sample " + series() + " has value " + format(v) + " (expected: 0 or 1)");
    }
    if (t == MetricType.INFO && v != 1) {
      throw p.error("info sample " + series() + " has value " + format(v) + " (expected: 1)");
    }
    if (t == MetricType.SUMMARY && sfx == Suffix.NONE && v < 0) {
      throw p.error("summary quantile " + series() + " has negative value " + format(v)
          + " (expected: a non-negative value)");
    }
    boolean counterLike = sfx == Suffix.TOTAL || sfx == Suffix.SUM || sfx == Suffix.COUNT
        || sfx == Suffix.BUCKET || sfx == Suffix.GCOUNT || sfx == Suffix.GSUM;
    if (counterLike && Double.isNaN(v)) {
      throw p.error("sample " + series() + " has value NaN (expected: a number, as " + sfx.text
          + " samples are counter-like)");
    }
    if (counterLike && sfx != Suffix.GSUM && v < 0) {
      throw p.error("sample " + series() + " has negative value " + format(v) + " (expected: a"
          + " non-negative value, as " + sfx.text + " samples are counter-like)");
    }
    if (p.hasExemplar && !(sfx == Suffix.BUCKET
        && (t == MetricType.HISTOGRAM || t == MetricType.GAUGE_HISTOGRAM)
        || sfx == Suffix.TOTAL && t == MetricType.COUNTER)) {
      throw p.error("exemplar on " + series() + " of " + t.text() + " \"" + n + "\" (expected:"
          + " exemplars only on counter _total and histogram _bucket samples)");
    }

    if (t == MetricType.HISTOGRAM || t == MetricType.GAUGE_HISTOGRAM) {
      histogramSample(sfx, g, le, v, hasTs, ts);
    }
    publish();
  }

  private void histogramSample(Suffix sfx, long g, double le, double v, boolean hasTs, double ts)
      throws ParseException {
    if (!hActive || g != hGroup || hasTs != hHasTs || hasTs && Double.compare(ts, hTs) != 0) {
      if (hActive) {
        checkHistogram();
      }
      hActive = true;
      hGroup = g;
      hHasTs = hasTs;
      hTs = ts;
      hHasBucket = false;
      hLastValue = 0;
      hHasCount = false;
      hHasSum = false;
      hHasGsum = false;
      hNegativeBucket = false;
      hNegativeGsum = false;
    }
    switch (sfx) {
      case BUCKET -> {
        if (le < 0) {
          hNegativeBucket = true;
        }
        if (hHasBucket && le <= hLastLe) {
          throw p.error("histogram bucket " + series() + " is out of order (expected: buckets in"
              + " increasing \"le\" order, after le=\"" + format(hLastLe) + "\")");
        }
        if (v < hLastValue) {
          throw p.error("histogram bucket " + series() + " has count " + format(v) + " below the"
              + " previous bucket's " + format(hLastValue) + " (expected: cumulative bucket counts)");
        }
        hHasBucket = true;
        hLastLe = le;
        hLastValue = v;
      }
      case COUNT, GCOUNT -> {
        hHasCount = true;
        hCount = v;
      }
      case SUM -> hHasSum = true;
      case GSUM -> {
        hHasGsum = true;
        hNegativeGsum |= v < 0;
      }
      default -> { }
    }
  }

  private void checkHistogram() throws ParseException {
    if (!hHasBucket || hLastLe != Double.POSITIVE_INFINITY) {
      throw p.error(histogramName() + " has no +Inf bucket (expected: a bucket with le=\"+Inf\" in every group)");
    }
    if (hHasCount && hCount != hLastValue) {
      throw p.error(histogramName() + " has a count of " + format(hCount) + " but its +Inf bucket has "
          + format(hLastValue) + " (expected: equal)");
    }
    if (hHasSum && !hHasCount) {
      throw p.error(histogramName() + " has _sum but no _count (expected: both or neither)");
    }
    if (hHasGsum && !hHasCount) {
      throw p.error(histogramName() + " has _gsum but no _gcount (expected: both or neither)");
    }
    if (!(hHasSum || hHasGsum) && hHasCount) {
      throw p.error(histogramName() + " has a count but no sum (expected: both or neither)");
    }
    if (hNegativeBucket && hHasSum) {
      throw p.error(histogramName() + " has negative buckets and a _sum (expected: no _sum with negative buckets)");
    }
    if (!hNegativeBucket && hNegativeGsum) {
      throw p.error(histogramName() + " has a negative _gsum but no negative buckets (expected: a non-negative _gsum)");
    }
    hActive = false;
  }

  private String histogramName() {
    return (type == MetricType.GAUGE_HISTOGRAM ? "gauge histogram \"" : "histogram \"") + name + "\"";
  }

  /** Ends the current family (at a new family or {@code # EOF}): the checks that need all of it. */
  void finishFamily() throws ParseException {
    String n = name;
    if (n == null) {
      return;
    }
    MetricType t = type == null ? MetricType.UNKNOWN : type;
    if (hActive) {
      checkHistogram();
    }
    for (Suffix s : suffixes(t)) {
      claim(n + s.text);
    }
    if (t != MetricType.SUMMARY && t != MetricType.GAUGE && t != MetricType.STATESET
        && t != MetricType.UNKNOWN) {
      claim(n); // the family name itself, when no sample carries it
    }
    if (unit != null && !unit.isEmpty() && (t == MetricType.INFO || t == MetricType.STATESET)) {
      throw p.error(t.text() + " \"" + n + "\" has unit \"" + unit + "\" (expected: no unit for "
          + t.text() + " metrics)");
    }
    name = null;
  }

  /** Fails early, at the line that starts it, for a family whose name an earlier family took. */
  private void checkNotSeen() throws ParseException {
    if (seenNames.contains(name)) {
      throw p.error("metric family \"" + name + "\" clashes with an earlier family on \"" + name
          + "\" (expected: each family once, all its lines together)");
    }
  }

  private void claim(String metric) throws ParseException {
    if (!seenNames.add(metric)) {
      throw p.error("metric family \"" + name + "\" clashes with an earlier family on \"" + metric
          + "\" (expected: each family once, all its lines together)");
    }
  }

  private void startFamily(@Nullable String n) {
    name = n;
    type = null;
    help = null;
    unit = null;
    hasSamples = false;
    hasGroup = false;
    hActive = false;
    seenGroups.clear();
  }

  /** Describes the current family to the parser's accessors. */
  private void publish() {
    p.familyName = name == null ? "" : name;
    p.familyType = type == null ? MetricType.UNKNOWN : type;
    p.familyHelp = help == null ? "" : help;
    p.familyUnit = unit == null ? "" : unit;
  }

  /** The suffix of the sample name {@code [s, e)} relative to the family, or null when not allowed. */
  private @Nullable Suffix suffixOf(int s, int e) {
    byte[] b = p.buf;
    int nl = nameBytes.length;
    if (e - s < nl || !Arrays.equals(nameBytes, 0, nl, b, s, s + nl)) {
      return null;
    }
    for (Suffix sfx : suffixes(type == null ? null : type)) {
      String x = sfx.text;
      if (e - s - nl == x.length() && matches(b, s + nl, x)) {
        return sfx;
      }
    }
    return null;
  }

  private static Suffix[] suffixes(@Nullable MetricType t) {
    if (t == null) {
      return PLAIN;
    }
    return switch (t) {
      case COUNTER -> COUNTER;
      case SUMMARY -> SUMMARY;
      case HISTOGRAM -> HISTOGRAM;
      case GAUGE_HISTOGRAM -> GAUGE_HISTOGRAM;
      case INFO -> INFO;
      default -> PLAIN;
    };
  }

  private static boolean matches(byte[] b, int s, String x) {
    for (int k = 0; k < x.length(); k++) {
      if (b[s + k] != x.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The label's value as a number (OpenMetrics syntax, raw bytes), NaN when it is not one. */
  private double labelNumber(int i) {
    Labels l = p.labels;
    int s = l.valueStart(i);
    int e = l.valueEnd(i);
    if (l.escaped(i) || !Numbers.isFloat(p.buf, s, e, true)) {
      return Double.NaN;
    }
    return Numbers.parseFloat(p.buf, s, e);
  }

  private boolean labelIs(int i, String text) {
    Labels l = p.labels;
    int s = l.valueStart(i);
    return l.valueEnd(i) - s == text.length() && matches(p.buf, s, text);
  }

  private String quoteValue(int i) {
    return p.quote(p.labels.valueStart(i), p.labels.valueEnd(i));
  }

  private String series() {
    return p.metricName() + (p.labels.size() == 0 ? "" : p.labels.toString());
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.isNaN(v) ? "NaN" : v == Double.POSITIVE_INFINITY ? "+Inf"
        : v == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(v);
  }
}
