package io.otelcol4j.exporter.debug;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders values exactly as the collector's debug exporter prints them, so output can be compared
 * line by line with the collector's: Go's {@code %f} and {@code %v} for floats, {@code time.Time}'s
 * {@code String()} for timestamps, pdata's {@code Value.AsString()} (JSON for maps and slices, with
 * Go's key order and escaping) and the pdata enum names.
 */
final class GoText {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoText() {}

  /** A Unix-nanosecond timestamp as Go prints {@code time.Unix(0, ns).UTC()}. */
  static String timestamp(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    int nanos = (int) Math.floorMod(unixNanos, 1_000_000_000L);
    StringBuilder sb = new StringBuilder(40).append(SECONDS.format(Instant.ofEpochSecond(seconds)));
    if (nanos != 0) {
      String fraction = String.format(Locale.ROOT, "%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(fraction, 0, end);
    }
    return sb.append(" +0000 UTC").toString();
  }

  /** An id as pdata prints it: lowercase hex, or empty when it is empty or all zeros. */
  static String id(ByteString id) {
    boolean zero = true;
    for (int i = 0; i < id.size() && zero; i++) {
      zero = id.byteAt(i) == 0;
    }
    if (zero) {
      return "";
    }
    StringBuilder sb = new StringBuilder(id.size() * 2);
    for (int i = 0; i < id.size(); i++) {
      int b = id.byteAt(i) & 0xff;
      sb.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
    }
    return sb.toString();
  }

  /** Go's {@code %f}: six decimals. */
  static String f(double d) {
    String special = special(d);
    return special != null ? special : String.format(Locale.ROOT, "%.6f", d);
  }

  /** Go's {@code %d} of a uint64 held in a long. */
  static String u(long v) {
    return Long.toUnsignedString(v);
  }

  /** Go's {@code %v} of a float64: the shortest representation, in {@code %e} form below 1e-4 or from 1e6 up. */
  static String v(double d) {
    String special = special(d);
    if (special != null) {
      return special;
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    Digits digits = Digits.of(d);
    int exp = digits.pointPosition - 1;
    if (exp < -4 || exp >= 6) {
      return digits.exponential(2);
    }
    return digits.plain();
  }

  private static String special(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return null;
  }

  /** pdata's {@code float64AsString}: ES6 number formatting, as encoding/json writes floats. */
  static String json(double d) {
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    Digits digits = Digits.of(d);
    double abs = Math.abs(d);
    if (abs < 1e-6 || abs >= 1e21) {
      return digits.exponential(1);
    }
    return digits.plain();
  }

  /** The decimal digits of the shortest representation of a double, and where the point goes. */
  private static final class Digits {
    final boolean negative;
    final String digits;
    final int pointPosition;

    private Digits(boolean negative, String digits, int pointPosition) {
      this.negative = negative;
      this.digits = digits;
      this.pointPosition = pointPosition;
    }

    static Digits of(double d) {
      BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
      String digits = bd.unscaledValue().toString();
      return new Digits(d < 0, digits, digits.length() - bd.scale());
    }

    String plain() {
      StringBuilder sb = new StringBuilder(digits.length() + 8);
      if (negative) {
        sb.append('-');
      }
      int n = digits.length();
      if (pointPosition <= 0) {
        sb.append("0.");
        for (int i = 0; i < -pointPosition; i++) {
          sb.append('0');
        }
        sb.append(digits);
      } else if (pointPosition >= n) {
        sb.append(digits);
        for (int i = n; i < pointPosition; i++) {
          sb.append('0');
        }
      } else {
        sb.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, n);
      }
      return sb.toString();
    }

    /** {@code d.ddde±XX} with at least {@code minExponentDigits} exponent digits. */
    String exponential(int minExponentDigits) {
      StringBuilder sb = new StringBuilder(digits.length() + 8);
      if (negative) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = pointPosition - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(exp));
      for (int i = e.length(); i < minExponentDigits; i++) {
        sb.append('0');
      }
      return sb.append(e).toString();
    }
  }

  // ---- pdata values

  /** pdata's {@code ValueType.String()}. */
  static String typeName(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return "Str";
      case BOOL_VALUE:
        return "Bool";
      case INT_VALUE:
        return "Int";
      case DOUBLE_VALUE:
        return "Double";
      case ARRAY_VALUE:
        return "Slice";
      case KVLIST_VALUE:
        return "Map";
      case BYTES_VALUE:
        return "Bytes";
      default:
        return "Empty";
    }
  }

  /** The otlptext form of a value: {@code Str(text)}, {@code Int(3)}, {@code Map({"k":"v"})}. */
  static String valueToString(AnyValue v) {
    return typeName(v) + "(" + asString(v) + ")";
  }

  /** pdata's {@code Value.AsString()}. */
  static String asString(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return Boolean.toString(v.getBoolValue());
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      case DOUBLE_VALUE:
        double d = v.getDoubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return "json: unsupported value: " + (Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf");
        }
        return json(d);
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE:
      case KVLIST_VALUE:
        StringBuilder sb = new StringBuilder();
        // encoding/json cannot write NaN or infinities; pdata then prints nothing.
        return writeJson(sb, v) ? sb.toString() : "";
      default:
        return "";
    }
  }

  /** Writes a value as Go's encoding/json writes its {@code AsRaw()} form; false on NaN/Inf. */
  private static boolean writeJson(StringBuilder sb, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        jsonString(sb, v.getStringValue());
        return true;
      case BOOL_VALUE:
        sb.append(v.getBoolValue());
        return true;
      case INT_VALUE:
        sb.append(v.getIntValue());
        return true;
      case DOUBLE_VALUE:
        double d = v.getDoubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return false;
        }
        sb.append(json(d));
        return true;
      case BYTES_VALUE:
        sb.append('"').append(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray())).append('"');
        return true;
      case ARRAY_VALUE:
        sb.append('[');
        List<AnyValue> values = v.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          if (!writeJson(sb, values.get(i))) {
            return false;
          }
        }
        sb.append(']');
        return true;
      case KVLIST_VALUE:
        // A Go map: keys sorted, the last of duplicate keys wins.
        Map<String, AnyValue> sorted = new TreeMap<>();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          sorted.put(kv.getKey(), kv.getValue());
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, AnyValue> e : sorted.entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          jsonString(sb, e.getKey());
          sb.append(':');
          if (!writeJson(sb, e.getValue())) {
            return false;
          }
        }
        sb.append('}');
        return true;
      default:
        sb.append("null");
        return true;
    }
  }

  /** A JSON string as encoding/json writes it, with its HTML-safe escaping. */
  private static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  // ---- pdata enum names

  static String spanKind(int kind) {
    switch (kind) {
      case 0:
        return "Unspecified";
      case 1:
        return "Internal";
      case 2:
        return "Server";
      case 3:
        return "Client";
      case 4:
        return "Producer";
      case 5:
        return "Consumer";
      default:
        return "";
    }
  }

  static String statusCode(int code) {
    switch (code) {
      case 0:
        return "Unset";
      case 1:
        return "Ok";
      case 2:
        return "Error";
      default:
        return "";
    }
  }

  static String temporality(int temporality) {
    switch (temporality) {
      case 0:
        return "Unspecified";
      case 1:
        return "Delta";
      case 2:
        return "Cumulative";
      default:
        return "";
    }
  }

  private static final String[] SEVERITIES = {
    "Unspecified",
    "Trace", "Trace2", "Trace3", "Trace4",
    "Debug", "Debug2", "Debug3", "Debug4",
    "Info", "Info2", "Info3", "Info4",
    "Warn", "Warn2", "Warn3", "Warn4",
    "Error", "Error2", "Error3", "Error4",
    "Fatal", "Fatal2", "Fatal3", "Fatal4",
  };

  static String severity(int number) {
    return number >= 0 && number < SEVERITIES.length ? SEVERITIES[number] : "";
  }
}
