package io.otelcol4j.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parsing of scalar text: YAML 1.2 core numbers and bools, Go-style durations, byte sizes. */
public final class Scalars {
  private Scalars() {}

  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)");

  /** What an unquoted scalar means in YAML 1.2's core schema. */
  static @Nullable Object plainValue(@Nullable String text) {
    if (text == null) {
      return null;
    }
    Long l = parseLong(text);
    if (l != null) {
      return l;
    }
    Boolean b = parseBool(text);
    if (b != null) {
      return b;
    }
    if (FLOAT.matcher(text).matches()) {
      return Double.parseDouble(text);
    }
    return text;
  }

  /** A YAML 1.2 core integer (decimal, {@code 0x}, {@code 0o}), or null. */
  public static @Nullable Long parseLong(String text) {
    String t = text.strip();
    try {
      if (INT.matcher(t).matches()) {
        return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
      }
      if (t.startsWith("0x")) {
        return Long.parseLong(t.substring(2), 16);
      }
      if (t.startsWith("0o")) {
        return Long.parseLong(t.substring(2), 8);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  /** A YAML 1.2 core bool ({@code true}, {@code True}, {@code TRUE}, and false alike), or null. */
  public static @Nullable Boolean parseBool(String text) {
    switch (text.strip()) {
      case "true":
      case "True":
      case "TRUE":
        return Boolean.TRUE;
      case "false":
      case "False":
      case "FALSE":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** A floating-point number, including YAML's {@code .inf} and {@code .nan}, or null. */
  public static @Nullable Double parseDouble(String text) {
    String t = text.strip();
    switch (t) {
      case ".inf":
      case "+.inf":
      case ".Inf":
        return Double.POSITIVE_INFINITY;
      case "-.inf":
      case "-.Inf":
        return Double.NEGATIVE_INFINITY;
      case ".nan":
      case ".NaN":
        return Double.NaN;
      default:
        break;
    }
    if (FLOAT.matcher(t).matches()) {
      return Double.parseDouble(t);
    }
    Long l = parseLong(t);
    return l == null ? null : l.doubleValue();
  }

  /**
   * A duration in Go's {@code time.ParseDuration} form, as collector configs write them:
   * {@code 5s}, {@code 1m30s}, {@code 250ms}, {@code 1.5h}, or {@code 0}. Null when malformed.
   */
  public static @Nullable Duration parseDuration(String text) {
    String t = text.strip();
    if (t.equals("0") || t.equals("+0") || t.equals("-0")) {
      return Duration.ZERO;
    }
    boolean negative = false;
    if (t.startsWith("-") || t.startsWith("+")) {
      negative = t.charAt(0) == '-';
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return null;
    }
    Matcher m = DURATION_PART.matcher(t);
    int pos = 0;
    double nanos = 0;
    while (pos < t.length()) {
      if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
        return null;
      }
      double value = Double.parseDouble(m.group(1));
      nanos += value * unitNanos(m.group(2));
      pos = m.end();
    }
    if (nanos > Long.MAX_VALUE) {
      return null;
    }
    long n = Math.round(nanos);
    return Duration.ofNanos(negative ? -n : n);
  }

  private static double unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1;
      case "us":
      case "µs":
      case "μs":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "m":
        return 60e9;
      default:
        return 3600e9;
    }
  }

  /** Go-style rendering of a duration ({@code 1m30s}, {@code 250ms}) for messages and docs. */
  public static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L != 0) {
      if (nanos % 1_000_000L == 0) {
        return (nanos / 1_000_000L) + "ms";
      }
      if (nanos % 1_000L == 0) {
        return (nanos / 1_000L) + "us";
      }
      return nanos + "ns";
    }
    long s = d.getSeconds();
    StringBuilder sb = new StringBuilder();
    if (s < 0) {
      sb.append('-');
      s = -s;
    }
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      sb.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || sb.length() == 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }

  /**
   * A size in bytes: a plain integer, or a number with a unit: {@code B}, {@code KiB}/{@code Ki},
   * {@code MiB}/{@code Mi}, {@code GiB}/{@code Gi} (powers of 1024) and {@code KB}, {@code MB},
   * {@code GB} (powers of 1000). Null when malformed or too large for a long.
   */
  public static @Nullable Long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    double n = Double.parseDouble(m.group(1));
    double mult;
    switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
      case "":
      case "b":
        mult = 1;
        break;
      case "k":
      case "kb":
        mult = 1e3;
        break;
      case "ki":
      case "kib":
        mult = 1024;
        break;
      case "m":
      case "mb":
        mult = 1e6;
        break;
      case "mi":
      case "mib":
        mult = 1024 * 1024;
        break;
      case "g":
      case "gb":
        mult = 1e9;
        break;
      case "gi":
      case "gib":
        mult = 1024.0 * 1024 * 1024;
        break;
      default:
        return null;
    }
    double bytes = n * mult;
    // A cast would clamp an overflow to Long.MAX_VALUE silently; too large is malformed.
    return bytes >= 0x1p63 ? null : (long) bytes;
  }
}
