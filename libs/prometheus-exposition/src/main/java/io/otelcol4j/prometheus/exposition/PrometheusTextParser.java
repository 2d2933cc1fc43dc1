package io.otelcol4j.prometheus.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Prometheus text format 0.0.4, with the rules of Prometheus 2.x's {@code promparse}: blank and
 * whitespace-only lines are skipped, spaces and tabs may separate every token (inside braces too),
 * label pairs may end with a trailing comma, values use Go float syntax without hex or {@code _},
 * timestamps are integer milliseconds. Unlike {@code promparse}, a label name given twice is an
 * error here (Prometheus refuses such a series one layer up), and a label value may not span lines.
 */
final class PrometheusTextParser extends ExpositionParser {
  private static final byte[] HELP = "HELP".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TYPE = "TYPE".getBytes(StandardCharsets.US_ASCII);

  // Metadata of the family the last TYPE/HELP lines described.
  private byte[] metaName = new byte[0];
  private String metaNameString = "";
  private MetricType metaType = MetricType.UNKNOWN;
  private String metaHelp = "";

  @Override
  void resetFormatState() {
    metaName = new byte[0];
    metaNameString = "";
    metaType = MetricType.UNKNOWN;
    metaHelp = "";
  }

  @Override
  public Format format() {
    return Format.PROMETHEUS_TEXT_0_0_4;
  }

  @Override
  public Entry next() throws ParseException {
    while (true) {
      if (done || pos >= end) {
        done = true;
        return Entry.EOF;
      }
      line++;
      int e = lineEnd(pos);
      int s = pos;
      pos = e < end ? e + 1 : end;
      int p = skipBlank(s, e);
      if (p == e) {
        continue;
      }
      if (buf[p] == '#') {
        return comment(p, e);
      }
      try {
        sample(p, e);
      } catch (ParseException ex) {
        done = true;
        throw ex;
      }
      return Entry.SAMPLE;
    }
  }

  private Entry comment(int p, int e) throws ParseException {
    int q = p + 1;
    if (q < e && isBlank(buf[q])) {
      q = skipBlank(q, e);
      boolean help = startsWith(q, e, HELP);
      if ((help || startsWith(q, e, TYPE)) && q + 4 < e && isBlank(buf[q + 4])) {
        try {
          return metadata(help, skipBlank(q + 4, e), e);
        } catch (ParseException ex) {
          done = true;
          throw ex;
        }
      }
    }
    comment = text(p, e);
    return Entry.COMMENT;
  }

  private Entry metadata(boolean help, int p, int e) throws ParseException {
    String keyword = help ? "HELP" : "TYPE";
    int ne = scanMetricName(p, e);
    if (ne == p || ne < e && !isBlank(buf[ne])) {
      throw error("invalid metric name " + quote(p, tokenEnd(p, e)) + " in " + keyword
          + " line (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    // Like promparse, exactly one separator character goes; the rest of the line is the text.
    int ts = ne < e ? ne + 1 : e;
    if (!Arrays.equals(metaName, 0, metaName.length, buf, p, ne)) {
      metaName = Arrays.copyOfRange(buf, p, ne);
      metaNameString = cache.get(buf, p, ne);
      metaType = MetricType.UNKNOWN;
      metaHelp = "";
    }
    familyName = metaNameString;
    familyUnit = "";
    if (help) {
      if (!validUtf8(ts, e)) {
        throw error("HELP text of \"" + metaNameString + "\" is not valid UTF-8");
      }
      metaHelp = unescapeHelp(buf, ts, e, false);
      familyHelp = metaHelp;
      familyType = metaType;
      return Entry.HELP;
    }
    metaType = parseType(ts, e);
    familyType = metaType;
    familyHelp = metaHelp;
    return Entry.TYPE;
  }

  private MetricType parseType(int s, int e) throws ParseException {
    switch (e - s) {
      case 5:
        if (startsWith(s, e, "gauge")) {
          return MetricType.GAUGE;
        }
        break;
      case 7:
        if (startsWith(s, e, "counter")) {
          return MetricType.COUNTER;
        }
        if (startsWith(s, e, "summary")) {
          return MetricType.SUMMARY;
        }
        if (startsWith(s, e, "untyped")) {
          return MetricType.UNKNOWN;
        }
        break;
      case 9:
        if (startsWith(s, e, "histogram")) {
          return MetricType.HISTOGRAM;
        }
        break;
      default:
        break;
    }
    throw error("invalid metric type " + quote(s, e)
        + " (expected: counter, gauge, histogram, summary or untyped)");
  }

  private void sample(int p, int e) throws ParseException {
    labels.clear();
    hasExemplar = false;
    int ne = scanMetricName(p, e);
    if (ne == p || ne < e && !isBlank(buf[ne]) && buf[ne] != '{') {
      throw error("invalid metric name " + quote(p, tokenEnd(p, e))
          + " (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    metricName = null; // decoded on demand: a consumer caching by series bytes may never need it
    nameStart = p;
    nameEnd = ne;
    seriesStart = p;
    int i = skipBlank(ne, e);
    if (i < e && buf[i] == '{') {
      i = labels(i + 1, e);
      seriesEnd = i;
      i = skipBlank(i, e);
    } else {
      seriesEnd = ne;
    }
    int vs = i;
    while (i < e && !isBlank(buf[i]) && buf[i] != '{') {
      i++;
    }
    if (vs == i) {
      throw error("expected a value after metric \"" + metricName() + "\", got "
          + (i >= e ? "end of line" : quote(i, i + 1)));
    }
    if (!Numbers.isFloat(buf, vs, i, true)) {
      throw error("invalid value " + quote(vs, i) + " of metric \"" + metricName()
          + "\" (expected: a float like 1, -2.5e3, NaN, +Inf or -Inf)");
    }
    value = Numbers.parseFloat(buf, vs, i);
    if (Double.isInfinite(value) && (buf[i - 1] | 0x20) != 'f' && (buf[i - 1] | 0x20) != 'y') {
      throw error("value " + quote(vs, i) + " of metric \"" + metricName() + "\" is out of range");
    }
    i = skipBlank(i, e);
    hasTimestamp = false;
    if (i < e) {
      int ts = i;
      while (i < e && !isBlank(buf[i])) {
        i++;
      }
      long t = Numbers.parseMillis(buf, ts, i);
      if (t < 0) {
        throw error("invalid timestamp " + quote(ts, i) + " of metric \"" + metricName()
            + "\" (expected: integer milliseconds since the epoch)");
      }
      hasTimestamp = true;
      timestampMillis = t;
      i = skipBlank(i, e);
      if (i < e) {
        throw error("unexpected " + quote(i, e) + " after the timestamp of metric \"" + metricName()
            + "\" (expected: end of line)");
      }
    }
    resolveFamily(p, ne);
  }

  /** Reads label pairs after '{'; returns the index after '}'. */
  private int labels(int p, int e) throws ParseException {
    int i = skipBlank(p, e);
    while (true) {
      if (i >= e) {
        throw error("unterminated label set of metric \"" + metricName() + "\" (expected: \"}\")");
      }
      if (buf[i] == '}') {
        return i + 1;
      }
      int ns = i;
      int ne = scanLabelName(i, e);
      if (ne == ns) {
        throw error("invalid label name " + quote(ns, labelTokenEnd(ns, e))
            + " (expected: [a-zA-Z_][a-zA-Z0-9_]* or \"}\")");
      }
      i = skipBlank(ne, e);
      if (i >= e || buf[i] != '=') {
        throw error("expected \"=\" after label name \"" + text(ns, ne) + "\", got "
            + (i >= e ? "end of line" : quote(i, i + 1)));
      }
      i = scanLabelValue(skipBlank(i + 1, e), e, labels, ns, ne);
      i = skipBlank(i, e);
      // promparse accepts a trailing comma, and label pairs separated by blanks only.
      if (i < e && buf[i] == ',') {
        i = skipBlank(i + 1, e);
      }
    }
  }

  private void resolveFamily(int s, int e) {
    int ml = metaName.length;
    boolean member = ml > 0 && e - s >= ml && Arrays.equals(metaName, 0, ml, buf, s, s + ml)
        && (e - s == ml || allowedSuffix(s + ml, e));
    if (member) {
      familyName = metaNameString;
      familyType = metaType;
      familyHelp = metaHelp;
    } else {
      familyName = metricName();
      familyType = MetricType.UNKNOWN;
      familyHelp = "";
    }
    familyUnit = "";
  }

  private boolean allowedSuffix(int s, int e) {
    return switch (metaType) {
      case COUNTER -> startsWithExactly(s, e, "_total") || startsWithExactly(s, e, "_created");
      case HISTOGRAM -> startsWithExactly(s, e, "_bucket") || startsWithExactly(s, e, "_sum")
          || startsWithExactly(s, e, "_count") || startsWithExactly(s, e, "_created");
      case SUMMARY -> startsWithExactly(s, e, "_sum") || startsWithExactly(s, e, "_count")
          || startsWithExactly(s, e, "_created");
      default -> false;
    };
  }

  private int labelTokenEnd(int p, int e) {
    int i = p;
    while (i < e && buf[i] != '=' && buf[i] != ',' && buf[i] != '}' && !isBlank(buf[i])) {
      i++;
    }
    return i == p ? Math.min(e, p + 1) : i;
  }

  private boolean startsWithExactly(int s, int e, String word) {
    return e - s == word.length() && startsWith(s, e, word);
  }

  private boolean startsWith(int s, int e, String word) {
    if (e - s < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (buf[s + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWith(int s, int e, byte[] word) {
    return e - s >= word.length && Arrays.equals(buf, s, s + word.length, word, 0, word.length);
  }

  private int skipBlank(int p, int e) {
    while (p < e && isBlank(buf[p])) {
      p++;
    }
    return p;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }
}
