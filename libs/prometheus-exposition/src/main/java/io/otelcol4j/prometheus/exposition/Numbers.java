package io.otelcol4j.prometheus.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Number syntax and conversion over byte ranges, without allocation on the common path.
 *
 * <p>The float syntax is Go's {@code strconv.ParseFloat} restricted as Prometheus restricts it
 * (no hex, no {@code _}), which is also the OpenMetrics ABNF: {@code [+-]digits[.digits][e[+-]digits]},
 * {@code [+-].digits[...]}, {@code [+-]inf}/{@code [+-]infinity} and {@code nan}, the words in any
 * case.
 */
final class Numbers {
  private static final double[] POW10 = new double[23];
  private static final long MAX_EXACT = 1L << 53;

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Numbers() {}

  /**
   * Whether {@code [s, e)} is a float in the syntax above.
   *
   * @param specials whether {@code inf}, {@code infinity} and {@code nan} are allowed
   */
  static boolean isFloat(byte[] b, int s, int e, boolean specials) {
    if (s >= e) {
      return false;
    }
    int i = s;
    boolean signed = b[i] == '+' || b[i] == '-';
    if (signed) {
      i++;
    }
    if (i < e && (b[i] | 0x20) == 'i' || i < e && (b[i] | 0x20) == 'n') {
      if (!specials) {
        return false;
      }
      int n = e - i;
      if ((b[i] | 0x20) == 'n') {
        return !signed && n == 3 && equalsIgnoreCase(b, i, "nan");
      }
      return n == 3 && equalsIgnoreCase(b, i, "inf") || n == 8 && equalsIgnoreCase(b, i, "infinity");
    }
    int digits = 0;
    while (i < e && isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e && isDigit(b[i])) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < e && isDigit(b[i])) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == e;
  }

  /** Converts a range for which {@link #isFloat} returned true (specials allowed). */
  static double parseFloat(byte[] b, int s, int e) {
    int i = s;
    boolean neg = false;
    if (b[i] == '+' || b[i] == '-') {
      neg = b[i] == '-';
      i++;
    }
    int c = b[i] | 0x20;
    if (c == 'n') {
      return Double.NaN;
    }
    if (c == 'i') {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    long mantissa = 0;
    int significant = 0;
    int exp10 = 0;
    boolean inexact = false;
    while (i < e && isDigit(b[i])) {
      int d = b[i++] - '0';
      if (significant < 18) {
        if (mantissa != 0 || d != 0) {
          mantissa = mantissa * 10 + d;
          significant++;
        }
      } else {
        exp10++;
        inexact |= d != 0;
      }
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e && isDigit(b[i])) {
        int d = b[i++] - '0';
        if (significant < 18) {
          if (mantissa != 0 || d != 0) {
            mantissa = mantissa * 10 + d;
            significant++;
          }
          exp10--;
        } else {
          inexact |= d != 0;
        }
      }
    }
    if (i < e) { // exponent
      i++;
      boolean expNeg = false;
      if (b[i] == '+' || b[i] == '-') {
        expNeg = b[i] == '-';
        i++;
      }
      int exp = 0;
      while (i < e) {
        if (exp < 100_000) {
          exp = exp * 10 + (b[i] - '0');
        }
        i++;
      }
      exp10 += expNeg ? -exp : exp;
    }
    double v;
    if (mantissa == 0) {
      v = 0;
    } else if (!inexact && mantissa < MAX_EXACT && exp10 >= -22 && exp10 <= 22) {
      // Both operands are exact doubles, so one IEEE operation rounds correctly.
      v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
    } else {
      return Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
    }
    return neg ? -v : v;
  }

  /**
   * Converts a float number of seconds (syntax checked, no specials) to whole milliseconds,
   * truncated toward zero like Prometheus' {@code int64(ts*1000)}, exact for plain decimals and
   * saturating at the {@code long} range.
   */
  static long secondsToMillis(byte[] b, int s, int e) {
    for (int j = s; j < e; j++) {
      if (b[j] == 'e' || b[j] == 'E') {
        return (long) (parseFloat(b, s, e) * 1000); // saturating cast
      }
    }
    int i = s;
    boolean neg = false;
    if (b[i] == '+' || b[i] == '-') {
      neg = b[i] == '-';
      i++;
    }
    long ms = 0;
    boolean overflow = false;
    while (i < e && isDigit(b[i])) {
      int d = b[i++] - '0';
      if (ms > (Long.MAX_VALUE - d) / 10) {
        overflow = true;
      } else {
        ms = ms * 10 + d;
      }
    }
    if (ms > Long.MAX_VALUE / 1000) {
      overflow = true;
    }
    ms *= 1000;
    if (i < e && b[i] == '.') {
      i++;
      int scale = 100;
      while (i < e && scale > 0) {
        ms += (b[i++] - '0') * (long) scale;
        scale /= 10;
      }
    }
    if (overflow || ms < 0) {
      return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return neg ? -ms : ms;
  }

  /**
   * Parses a non-negative decimal integer of at most 19 digits, or returns -1 when the range is not
   * one or overflows a {@code long}.
   */
  static long parseMillis(byte[] b, int s, int e) {
    if (s >= e || e - s > 19) {
      return -1;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      if (!isDigit(b[i])) {
        return -1;
      }
      int d = b[i] - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean equalsIgnoreCase(byte[] b, int i, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      if ((b[i + k] | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
