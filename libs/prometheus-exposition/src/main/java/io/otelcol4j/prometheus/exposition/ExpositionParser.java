package io.otelcol4j.prometheus.exposition;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A streaming pull parser over one exposition held in a byte array, modelled on Prometheus'
 * {@code textparse.Parser}: each {@link #next()} reads one line and returns what it was; the
 * accessors then describe that entry until the next call.
 *
 * <pre>{@code
 * ExpositionParser p = ExpositionParser.create(Format.forContentType(contentType), body);
 * for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
 *   if (e == Entry.SAMPLE) {
 *     String family = p.familyName();       // e.g. "http_requests" for "http_requests_total"
 *     MetricType type = p.familyType();
 *     String name = p.metricName();
 *     Labels labels = p.labels();           // reused: read or copy before the next call
 *     double v = p.value();
 *     long ts = p.hasTimestamp() ? p.timestampMillis() : scrapeTime;
 *   }
 * }
 * }</pre>
 *
 * <p>Samples are reported in input order with the family they belong to ({@link #familyName()},
 * {@link #familyType()}, {@link #familyHelp()}, {@link #familyUnit()}), so a consumer can group them
 * without lookups. A sample belongs to the family of the preceding metadata lines when its name is
 * the family name plus a suffix the family's type allows ({@code _total}, {@code _created}, {@code
 * _bucket}, {@code _count}, {@code _sum}, {@code _gcount}, {@code _gsum}, {@code _info}); otherwise it
 * is its own family of type {@link MetricType#UNKNOWN}.
 *
 * <p>Errors: {@link #next()} throws {@link ParseException} (naming the line) for any input that does
 * not follow the format, and nothing else for any input. After an exception the parser is
 * unusable until {@link #reset}. The OpenMetrics parser also checks the family-level rules of the
 * specification (contiguous families and groups, histogram structure, value constraints), so a page
 * it accepts fully is a valid OpenMetrics exposition; samples already returned before an error
 * must then be discarded by the caller.
 *
 * <p>Cost: a sample costs no allocation beyond what its accessors decode, and repeated metric names,
 * label names and short label values are decoded once per parser. Reuse one parser per scrape
 * target with {@link #reset} to keep that cache warm. Instances are not thread-safe.
 */
public abstract sealed class ExpositionParser permits PrometheusTextParser, OpenMetricsParser {
  final StringCache cache = new StringCache();
  final Labels labels = new Labels(cache);
  final Labels exemplarLabels = new Labels(cache);

  byte[] buf = new byte[0];
  int pos;
  int end;
  int line;
  boolean done;

  // Current entry.
  String familyName = "";
  MetricType familyType = MetricType.UNKNOWN;
  String familyHelp = "";
  String familyUnit = "";
  String comment = "";
  /** The sample's name; null when not decoded yet (then it is {@code buf[nameStart, nameEnd)}). */
  @Nullable String metricName = "";
  int nameStart;
  int nameEnd;
  int seriesStart;
  int seriesEnd;
  double value;
  boolean hasTimestamp;
  long timestampMillis;
  boolean hasExemplar;
  double exemplarValue;
  boolean exemplarHasTimestamp;
  long exemplarTimestampMillis;

  ExpositionParser() {}

  /** A parser for {@code data} in {@code format}. The array is read, never written, and must not change while parsing. */
  public static ExpositionParser create(Format format, byte[] data) {
    return create(format, data, 0, data.length);
  }

  /** A parser for {@code data[offset, offset + length)} in {@code format}. */
  public static ExpositionParser create(Format format, byte[] data, int offset, int length) {
    requireNonNull(format, "format");
    ExpositionParser p = switch (format) {
      case PROMETHEUS_TEXT_0_0_4 -> new PrometheusTextParser();
      case OPENMETRICS_1_0_0 -> new OpenMetricsParser();
    };
    p.reset(data, offset, length);
    return p;
  }

  /**
   * Reads {@code in} to its end into a new array, refusing bodies over {@code limit} bytes like
   * Prometheus' {@code body_size_limit}. Does not close the stream.
   *
   * @param limit the largest accepted body in bytes; 0 or less means no limit
   * @throws IOException on read failure, or {@code "body size limit exceeded (limit: N bytes)"}
   */
  public static byte[] readBody(InputStream in, long limit) throws IOException {
    requireNonNull(in, "in");
    long max = limit <= 0 ? Integer.MAX_VALUE - 8 : Math.min(limit, Integer.MAX_VALUE - 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] chunk = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(chunk)) >= 0) {
      total += n;
      if (total > max) {
        throw new IOException("body size limit exceeded (limit: " + max + " bytes)");
      }
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  /** Starts over on new input, keeping the name cache. */
  public final void reset(byte[] data, int offset, int length) {
    requireNonNull(data, "data");
    if (offset < 0 || length < 0 || offset + length > data.length || offset + length < 0) {
      throw new IllegalArgumentException(
          "offset " + offset + ", length " + length + " (expected: within an array of " + data.length + ")");
    }
    buf = data;
    pos = offset;
    end = offset + length;
    line = 0;
    done = false;
    labels.reset(data);
    exemplarLabels.reset(data);
    familyName = "";
    familyType = MetricType.UNKNOWN;
    familyHelp = "";
    familyUnit = "";
    resetFormatState();
  }

  abstract void resetFormatState();

  /** The format this parser reads. */
  public abstract Format format();

  /**
   * Reads the next line and returns what it was.
   *
   * @throws ParseException if the line (or, for OpenMetrics, the family it ends) breaks the format
   */
  public abstract Entry next() throws ParseException;

  /** The 1-based number of the line of the current entry (0 before the first call). */
  public final int line() {
    return line;
  }

  /**
   * The metric family name: on TYPE, HELP and UNIT entries the name on that line; on SAMPLE entries
   * the family the sample belongs to (see the class description).
   */
  public final String familyName() {
    return familyName;
  }

  /** The family's type: declared so far on TYPE and SAMPLE entries, {@link MetricType#UNKNOWN} when none is. */
  public final MetricType familyType() {
    return familyType;
  }

  /** The family's unescaped help text, {@code ""} when none was given (HELP and SAMPLE entries). */
  public final String familyHelp() {
    return familyHelp;
  }

  /** The family's unit, {@code ""} when none was given (OpenMetrics UNIT and SAMPLE entries). */
  public final String familyUnit() {
    return familyUnit;
  }

  /** The whole comment line, {@code #} included (COMMENT entries). */
  public final String comment() {
    return comment;
  }

  /** The sample's metric name, e.g. {@code http_requests_total} (SAMPLE entries). */
  public final String metricName() {
    String n = metricName;
    if (n == null) {
      n = cache.get(buf, nameStart, nameEnd);
      metricName = n;
    }
    return n;
  }

  /** The sample's labels, in input order; reused by the next call (SAMPLE entries). */
  public final Labels labels() {
    return labels;
  }

  /** The sample's value (SAMPLE entries). NaN and infinities are returned as such. */
  public final double value() {
    return value;
  }

  /** Whether the sample has a timestamp (SAMPLE entries). */
  public final boolean hasTimestamp() {
    return hasTimestamp;
  }

  /**
   * The sample's timestamp in milliseconds since the epoch; meaningful only when {@link
   * #hasTimestamp()}. OpenMetrics float seconds are truncated toward zero, like Prometheus.
   */
  public final long timestampMillis() {
    return timestampMillis;
  }

  /** Whether the sample carries an exemplar (OpenMetrics SAMPLE entries only). */
  public final boolean hasExemplar() {
    return hasExemplar;
  }

  /** The exemplar's labels; reused by the next call; meaningful only when {@link #hasExemplar()}. */
  public final Labels exemplarLabels() {
    return exemplarLabels;
  }

  /** The exemplar's value; meaningful only when {@link #hasExemplar()}. */
  public final double exemplarValue() {
    return exemplarValue;
  }

  /** Whether the exemplar has a timestamp. */
  public final boolean exemplarHasTimestamp() {
    return exemplarHasTimestamp;
  }

  /** The exemplar's timestamp in milliseconds; meaningful only when {@link #exemplarHasTimestamp()}. */
  public final long exemplarTimestampMillis() {
    return exemplarTimestampMillis;
  }

  /**
   * The input array; with {@link #seriesStart()} and {@link #seriesEnd()} it gives the raw bytes of
   * the sample's series (name and label set as written), a cheap key for a per-target series cache.
   */
  public final byte[] buffer() {
    return buf;
  }

  /** Start (inclusive) of the current sample's series bytes in {@link #buffer()}. */
  public final int seriesStart() {
    return seriesStart;
  }

  /** End (exclusive) of the current sample's series bytes in {@link #buffer()}. */
  public final int seriesEnd() {
    return seriesEnd;
  }

  // ---- shared scanning helpers ----

  final ParseException error(String detail) {
    return new ParseException(line, detail);
  }

  final int lineEnd(int from) {
    for (int i = from; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return end;
  }

  /** End of {@code [a-zA-Z_:][a-zA-Z0-9_:]*} starting at {@code p} ({@code p} when none). */
  final int scanMetricName(int p, int e) {
    if (p >= e || !isNameStart(buf[p]) && buf[p] != ':') {
      return p;
    }
    int i = p + 1;
    while (i < e && (isNameStart(buf[i]) || buf[i] == ':' || Numbers.isDigit(buf[i]))) {
      i++;
    }
    return i;
  }

  /** End of {@code [a-zA-Z_][a-zA-Z0-9_]*} starting at {@code p} ({@code p} when none). */
  final int scanLabelName(int p, int e) {
    if (p >= e || !isNameStart(buf[p])) {
      return p;
    }
    int i = p + 1;
    while (i < e && (isNameStart(buf[i]) || Numbers.isDigit(buf[i]))) {
      i++;
    }
    return i;
  }

  /**
   * Reads a quoted label value whose opening quote is at {@code p} and adds the label {@code
   * [ns, ne)} to {@code target}. Returns the index after the closing quote.
   */
  final int scanLabelValue(int p, int e, Labels target, int ns, int ne) throws ParseException {
    if (p >= e || buf[p] != '"') {
      throw error("expected a quoted value for label \"" + text(ns, ne) + "\", got "
          + (p >= e ? "end of line" : quote(p, Math.min(e, p + 1))));
    }
    int i = p + 1;
    boolean escaped = false;
    while (true) {
      if (i >= e) {
        throw error("unterminated value for label \"" + text(ns, ne) + "\" (expected: a closing quote)");
      }
      byte c = buf[i];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        if (i + 1 >= e) {
          throw error("unterminated value for label \"" + text(ns, ne) + "\" (expected: a closing quote)");
        }
        escaped = true;
        i += buf[i + 1] < 0 ? 1 : 2; // a multi-byte character after '\' is validated below
      } else if (c < 0) {
        int n = utf8Length(buf, i, e);
        if (n < 0) {
          throw error("invalid UTF-8 in value of label \"" + text(ns, ne) + "\"");
        }
        i += n;
      } else {
        i++;
      }
    }
    if (!target.add(ns, ne, p + 1, i, escaped)) {
      throw error("duplicate label name \"" + text(ns, ne) + "\"");
    }
    return i + 1;
  }

  /** Checks that {@code [s, e)} is valid UTF-8. */
  final boolean validUtf8(int s, int e) {
    for (int i = s; i < e; ) {
      if (buf[i] >= 0) {
        i++;
      } else {
        int n = utf8Length(buf, i, e);
        if (n < 0) {
          return false;
        }
        i += n;
      }
    }
    return true;
  }

  /** The length of the UTF-8 sequence starting with the non-ASCII byte at {@code i}, or -1. */
  static int utf8Length(byte[] b, int i, int e) {
    int c = b[i] & 0xff;
    if (c < 0xC2 || c > 0xF4) {
      return -1;
    }
    int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > e) {
      return -1;
    }
    int c1 = b[i + 1] & 0xff;
    if ((c1 & 0xC0) != 0x80
        || c == 0xE0 && c1 < 0xA0 // overlong
        || c == 0xED && c1 >= 0xA0 // surrogate
        || c == 0xF0 && c1 < 0x90 // overlong
        || c == 0xF4 && c1 >= 0x90) { // above U+10FFFF
      return -1;
    }
    for (int k = 2; k < n; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return -1;
      }
    }
    return n;
  }

  static boolean isNameStart(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  final String text(int s, int e) {
    return new String(buf, s, e - s, StandardCharsets.UTF_8);
  }

  /** {@code [s, e)} as a quoted, escaped and, past 64 bytes, shortened string for messages. */
  final String quote(int s, int e) {
    boolean cut = e - s > 64;
    String t = new String(buf, s, cut ? 64 : e - s, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(t.length() + 8).append('"');
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(cut ? "...\"" : "\"").toString();
  }

  /** The end of the token starting at {@code p}: the next space, tab, brace or line end. */
  final int tokenEnd(int p, int e) {
    int i = p;
    while (i < e && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '{') {
      i++;
    }
    return i == p ? Math.min(e, p + 1) : i;
  }

  static String unescapeHelp(byte[] b, int s, int e, boolean quotes) {
    byte[] out = null;
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e && (b[i + 1] == '\\' || b[i + 1] == 'n' || quotes && b[i + 1] == '"')) {
        if (out == null) {
          out = new byte[e - s];
          System.arraycopy(b, s, out, 0, i - s);
          n = i - s;
        }
        byte d = b[++i];
        out[n++] = d == 'n' ? (byte) '\n' : d;
      } else if (out != null) {
        out[n++] = c;
      }
    }
    return out == null
        ? new String(b, s, e - s, StandardCharsets.UTF_8)
        : new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
