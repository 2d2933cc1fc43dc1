package io.otelcol4j.exporter.prometheusremotewrite;

import io.opentelemetry.proto.metrics.v1.Metric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus names for OTLP metrics and attributes, as collector-contrib's
 * {@code pkg/translator/prometheus} builds them (the OpenTelemetry specification's
 * "OTLP Metric points to Prometheus" rules).
 */
final class Names {
  private Names() {}

  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
      Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
      Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
      Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
      Map.entry("1", ""), Map.entry("%", "percent"));

  private static final Map<String, String> PER_UNITS = Map.of(
      "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

  /**
   * The metric name: with {@code addSuffixes}, tokens of {@code [a-zA-Z0-9:]} joined by {@code _}
   * plus unit, {@code _total} (monotonic sums) and {@code _ratio} (gauges of unit 1); without,
   * only runs of forbidden characters replaced by one {@code _}. Then the namespace, and a leading
   * {@code _} when the name starts with a digit.
   */
  static String metricName(Metric metric, String namespace, boolean addSuffixes) {
    return metricName(metric.getName(), metric.getUnit(), metric.hasSum() && metric.getSum().getIsMonotonic(),
        metric.hasGauge(), namespace, addSuffixes);
  }

  /**
   * {@link #metricName(Metric, String, boolean)} from the parts of the metric it looks at:
   * {@code monotonicSum} when the metric is a monotonic sum, {@code gauge} when it is a gauge.
   */
  static String metricName(String metricName, String unit, boolean monotonicSum, boolean gauge, String namespace,
      boolean addSuffixes) {
    String name;
    if (addSuffixes) {
      List<String> tokens = tokens(metricName, false);
      String[] unitParts = unit.split("/", 2);
      String main = unitParts[0].trim();
      if (!main.isEmpty() && main.indexOf('{') < 0 && main.indexOf('}') < 0) {
        String prom = cleanUp(UNITS.getOrDefault(main, main));
        if (!prom.isEmpty() && !tokens.contains(prom)) {
          tokens.add(prom);
        }
      }
      if (unitParts.length > 1) {
        String per = unitParts[1].trim();
        if (!per.isEmpty() && per.indexOf('{') < 0 && per.indexOf('}') < 0) {
          String prom = cleanUp(PER_UNITS.getOrDefault(per, per));
          if (!prom.isEmpty() && !tokens.contains(prom)) {
            tokens.add("per");
            tokens.add(prom);
          }
        }
      }
      if (monotonicSum) {
        tokens.removeIf("total"::equals);
        tokens.add("total");
      }
      if (unit.equals("1") && gauge) {
        tokens.removeIf("ratio"::equals);
        tokens.add("ratio");
      }
      if (!namespace.isEmpty()) {
        tokens.add(0, namespace);
      }
      name = String.join("_", tokens);
    } else {
      name = String.join("_", tokens(metricName, true));
      if (!namespace.isEmpty()) {
        return namespace + "_" + name;
      }
    }
    if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
      name = "_" + name;
    }
    return name;
  }

  /** A name prefixed with the namespace, for series the translator makes up ({@code target_info}). */
  static String withNamespace(String name, String namespace) {
    return namespace.isEmpty() ? name : namespace + "_" + name;
  }

  private static List<String> tokens(String s, boolean keepUnderscore) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      boolean ok = i < s.length() && isNameChar(s.charAt(i), keepUnderscore);
      if (ok && start < 0) {
        start = i;
      } else if (!ok && start >= 0) {
        out.add(s.substring(start, i));
        start = -1;
      }
    }
    return out;
  }

  private static boolean isNameChar(char c, boolean keepUnderscore) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':'
        || (keepUnderscore && c == '_');
  }

  private static String cleanUp(String s) {
    return String.join("_", tokens(s, false));
  }

  /**
   * A label name: characters outside {@code [a-zA-Z0-9_]} become {@code _}; a leading digit gets
   * {@code key_}, and a single leading underscore gets {@code key} ({@code __} is reserved).
   */
  static String labelName(String key) {
    if (key.isEmpty()) {
      return key;
    }
    StringBuilder b = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    String out = b.toString();
    if (Character.isDigit(out.charAt(0))) {
      return "key_" + out;
    }
    if (out.startsWith("_") && !out.startsWith("__")) {
      return "key" + out;
    }
    return out;
  }

  /** A float as Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} writes it; {@code +Inf} for infinity. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
