package io.otelcol4j.prometheus.exposition;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * OpenMetrics 1.0 text. The line grammar is the specification's ABNF (single spaces, no comments
 * other than HELP/TYPE/UNIT, no blank lines, {@code # EOF} last); the family-level rules are checked
 * by {@link FamilyValidator}. The result passes every case of the OpenMetrics parser conformance
 * suite.
 */
final class OpenMetricsParser extends ExpositionParser {
  /** The specification's limit on an exemplar's label names and values together, in code points. */
  static final int MAX_EXEMPLAR_LABEL_CHARS = 128;

  private final FamilyValidator validator = new FamilyValidator(this);
  private @Nullable ParseException failure;
  double timestampSeconds;

  @Override
  void resetFormatState() {
    validator.reset();
    failure = null;
  }

  @Override
  public Format format() {
    return Format.OPENMETRICS_1_0_0;
  }

  @Override
  public Entry next() throws ParseException {
    if (failure != null) {
      throw failure;
    }
    if (done) {
      return Entry.EOF;
    }
    try {
      return parseLine();
    } catch (ParseException e) {
      failure = e;
      throw e;
    }
  }

  private Entry parseLine() throws ParseException {
    line++;
    if (pos >= end) {
      throw error("unexpected end of input (expected: \"# EOF\" as the last line)");
    }
    int s = pos;
    int e = lineEnd(s);
    pos = e < end ? e + 1 : end;
    if (e == s) {
      throw error("blank line (expected: no empty lines in OpenMetrics)");
    }
    if (buf[s] != '#') {
      sample(s, e);
      return Entry.SAMPLE;
    }
    if (e - s == 5 && startsWith(s, "# EOF")) {
      validator.finishFamily();
      if (pos < end) {
        throw error("unexpected data after \"# EOF\" (expected: \"# EOF\" as the last line)");
      }
      done = true;
      return Entry.EOF;
    }
    Entry kind = e - s < 7 || buf[s + 6] != ' ' ? null
        : startsWith(s, "# HELP") ? Entry.HELP
        : startsWith(s, "# TYPE") ? Entry.TYPE
        : startsWith(s, "# UNIT") ? Entry.UNIT
        : null;
    if (kind == null) {
      throw error("invalid line " + quote(s, e)
          + " (expected: \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\"; OpenMetrics has no other comments)");
    }
    int ns = s + 7;
    int ne = scanMetricName(ns, e);
    if (ne == ns || ne < e && buf[ne] != ' ') {
      throw error("invalid metric name " + quote(ns, spaceEnd(ns, e)) + " in " + kind
          + " line (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    if (ne == e) {
      throw error(kind + " line for \"" + text(ns, ne) + "\" has no text (expected: a space after the"
          + " metric name, then the " + (kind == Entry.TYPE ? "type" : kind == Entry.UNIT ? "unit" : "help text") + ")");
    }
    validator.metadata(kind, ns, ne, ne + 1, e);
    return kind;
  }

  private void sample(int s, int e) throws ParseException {
    labels.clear();
    exemplarLabels.clear();
    hasTimestamp = false;
    hasExemplar = false;
    exemplarHasTimestamp = false;
    int ne = scanMetricName(s, e);
    if (buf[s] == ' ') {
      throw error("line starts with a space (expected: a metric name, or \"#\" for metadata)");
    }
    if (ne == s || ne < e && buf[ne] != ' ' && buf[ne] != '{') {
      int te = s;
      while (te < e && buf[te] != ' ' && buf[te] != '{') {
        te++;
      }
      throw error("invalid metric name " + quote(s, te) + " (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    metricName = cache.get(buf, s, ne);
    seriesStart = s;
    int i = ne;
    if (i < e && buf[i] == '{') {
      i = labels(i + 1, e, labels, false);
    }
    seriesEnd = i;
    if (i < e && buf[i] != ' ') {
      throw error("expected \" \" after the labels of metric \"" + metricName + "\", got " + quote(i, i + 1));
    }
    i++;
    int vs = i;
    while (i < e && buf[i] != ' ') {
      i++;
    }
    value = parseValue(vs, i, false);
    if (i < e) {
      i++; // the single space
      if (i < e && buf[i] == '#') {
        exemplar(i, e);
      } else {
        int ts = i;
        while (i < e && buf[i] != ' ') {
          i++;
        }
        if (ts == i || !Numbers.isFloat(buf, ts, i, false)) {
          throw error((ts == i ? "extra space" : "invalid timestamp " + quote(ts, i))
              + " after the value of metric \"" + metricName
              + "\" (expected: one space, then float seconds since the epoch like 1520879607.789,"
              + " or an exemplar)");
        }
        hasTimestamp = true;
        timestampSeconds = Numbers.parseFloat(buf, ts, i);
        timestampMillis = Numbers.secondsToMillis(buf, ts, i);
        if (i < e) {
          i++;
          if (i >= e || buf[i] != '#') {
            throw error("unexpected " + quote(i - 1, e) + " after the timestamp of metric \""
                + metricName + "\" (expected: end of line or an exemplar \" # {...} value\")");
          }
          exemplar(i, e);
        }
      }
    }
    validator.sample(s, ne);
  }

  /** Reads {@code # {labels} value [timestamp]} starting at the '#'. */
  private void exemplar(int p, int e) throws ParseException {
    if (p + 2 >= e || buf[p + 1] != ' ' || buf[p + 2] != '{') {
      throw error("invalid exemplar " + quote(p, e) + " of metric \"" + metricName
          + "\" (expected: \"# {labels} value [timestamp]\")");
    }
    int i = labels(p + 3, e, exemplarLabels, true);
    if (i >= e || buf[i] != ' ') {
      throw error("expected \" \" and a value after the exemplar labels of metric \"" + metricName
          + "\", got " + (i >= e ? "end of line" : quote(i, i + 1)));
    }
    int vs = ++i;
    while (i < e && buf[i] != ' ') {
      i++;
    }
    exemplarValue = parseValue(vs, i, true);
    if (i < e) {
      int ts = ++i;
      while (i < e && buf[i] != ' ') {
        i++;
      }
      if (ts == i || i < e || !Numbers.isFloat(buf, ts, i, false)) {
        throw error("invalid exemplar timestamp " + quote(ts, e) + " of metric \"" + metricName
            + "\" (expected: float seconds since the epoch, then end of line)");
      }
      exemplarHasTimestamp = true;
      exemplarTimestampMillis = Numbers.secondsToMillis(buf, ts, i);
    }
    int chars = 0;
    for (int k = 0; k < exemplarLabels.size(); k++) {
      String n = exemplarLabels.name(k);
      String v = exemplarLabels.value(k);
      chars += n.length() + v.codePointCount(0, v.length());
    }
    if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
      throw error("exemplar labels of metric \"" + metricName + "\" have " + chars
          + " characters (expected: at most " + MAX_EXEMPLAR_LABEL_CHARS + " in names and values together)");
    }
    hasExemplar = true;
  }

  private double parseValue(int s, int e, boolean exemplar) throws ParseException {
    // Messages are built only on failure: this runs for every sample.
    if (s >= e) {
      throw error("missing value of " + what(exemplar) + " (expected: one space, then a number)");
    }
    if (!Numbers.isFloat(buf, s, e, true)) {
      throw error("invalid value " + quote(s, e) + " of " + what(exemplar)
          + " (expected: a number like 1, -2.5e3, NaN, +Inf or -Inf)");
    }
    double v = Numbers.parseFloat(buf, s, e);
    if (Double.isInfinite(v) && (buf[e - 1] | 0x20) != 'f' && (buf[e - 1] | 0x20) != 'y') {
      throw error("value " + quote(s, e) + " of " + what(exemplar) + " is out of range");
    }
    return v;
  }

  /** Reads label pairs after '{' into {@code target}; returns the index after '}'. */
  private int labels(int p, int e, Labels target, boolean exemplar) throws ParseException {
    if (p < e && buf[p] == '}') {
      return p + 1;
    }
    int i = p;
    while (true) {
      int ns = i;
      int ne = scanLabelName(i, e);
      if (ne == ns) {
        throw error("invalid label name " + quote(ns, labelTokenEnd(ns, e)) + " of " + what(exemplar)
            + " (expected: [a-zA-Z_][a-zA-Z0-9_]*)");
      }
      if (ne >= e || buf[ne] != '=') {
        throw error("expected \"=\" after label name \"" + text(ns, ne) + "\" of " + what(exemplar) + ", got "
            + (ne >= e ? "end of line" : quote(ne, ne + 1)));
      }
      i = scanLabelValue(ne + 1, e, target, ns, ne);
      if (i >= e) {
        throw error("unterminated label set of " + what(exemplar) + " (expected: \"}\")");
      }
      if (buf[i] == '}') {
        return i + 1;
      }
      if (buf[i] != ',') {
        throw error("expected \",\" or \"}\" after the value of label \"" + text(ns, ne) + "\" of "
            + what(exemplar) + ", got " + quote(i, i + 1));
      }
      i++;
      if (i < e && buf[i] == '}') {
        throw error("trailing comma in the label set of " + what(exemplar) + " (expected: a label name after \",\")");
      }
    }
  }

  /** The end of the token at {@code p}: the next space or the line end (at least one byte). */
  private int spaceEnd(int p, int e) {
    int i = p;
    while (i < e && buf[i] != ' ') {
      i++;
    }
    return i == p ? Math.min(e, p + 1) : i;
  }

  private String what(boolean exemplar) {
    return exemplar ? "the exemplar of \"" + metricName + "\"" : "metric \"" + metricName + "\"";
  }

  private int labelTokenEnd(int p, int e) {
    int i = p;
    while (i < e && buf[i] != '=' && buf[i] != ',' && buf[i] != '}' && buf[i] != ' ') {
      i++;
    }
    return i == p ? Math.min(e, p + 1) : i;
  }

  private boolean startsWith(int s, String word) {
    if (end - s < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (buf[s + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  String decode(int s, int e) {
    return new String(buf, s, e - s, StandardCharsets.UTF_8);
  }
}
