package io.otelcol4j.exporter.debug;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.util.Locale;

/**
 * Config of the {@code debug} exporter, with the keys and defaults of the collector's
 * {@code debugexporter}.
 *
 * @param verbosity {@code verbosity}: {@code basic} (one summary line per batch), {@code normal}
 *     (about one line per item) or {@code detailed} (every field); default {@code basic}. Read
 *     case-insensitively, as the collector does.
 * @param samplingInitial {@code sampling_initial}: how many records with the same message are
 *     written each second before sampling starts; default {@value #DEFAULT_SAMPLING_INITIAL}
 * @param samplingThereafter {@code sampling_thereafter}: after the initial records, every
 *     M-th record with the same message is written in that second; default
 *     {@value #DEFAULT_SAMPLING_THEREAFTER}, which writes every record (no sampling); zero writes
 *     none after the initial ones
 * @param useInternalLogger {@code use_internal_logger}: write through the collector's own logger
 *     (so {@code service.telemetry.logs} applies); when false, write to stdout without time stamp
 *     or level; default {@value #DEFAULT_USE_INTERNAL_LOGGER}
 */
public record DebugExporterConfig(
    Verbosity verbosity,
    int samplingInitial,
    int samplingThereafter,
    boolean useInternalLogger) implements ComponentConfig {

  /** How much the exporter writes. */
  public enum Verbosity {
    /** One summary line per batch with resource and item counts. */
    BASIC,
    /** The summary line, then about one line per span, data point or log record. */
    NORMAL,
    /** The summary line, then every field of every item (the collector's {@code otlptext}). */
    DETAILED;

    /** The name as written in config: {@code basic}, {@code normal}, {@code detailed}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Default {@code verbosity}: basic. */
  public static final Verbosity DEFAULT_VERBOSITY = Verbosity.BASIC;
  /** Default {@code sampling_initial}. */
  public static final int DEFAULT_SAMPLING_INITIAL = 2;
  /** Default {@code sampling_thereafter}. */
  public static final int DEFAULT_SAMPLING_THEREAFTER = 1;
  /** Default {@code use_internal_logger}. */
  public static final boolean DEFAULT_USE_INTERNAL_LOGGER = true;

  public DebugExporterConfig {
    requireNonNull(verbosity, "verbosity");
    if (samplingInitial < 0) {
      throw new IllegalArgumentException("samplingInitial: " + samplingInitial + " (expected: >= 0)");
    }
    if (samplingThereafter < 0) {
      throw new IllegalArgumentException("samplingThereafter: " + samplingThereafter + " (expected: >= 0)");
    }
  }

  /** The default config, as an empty YAML map binds. */
  public static DebugExporterConfig defaults() {
    return new DebugExporterConfig(DEFAULT_VERBOSITY, DEFAULT_SAMPLING_INITIAL, DEFAULT_SAMPLING_THEREAFTER,
        DEFAULT_USE_INTERNAL_LOGGER);
  }

  /** Binds and validates; every problem is reported through {@code node}. */
  public static DebugExporterConfig from(ConfigNode node) {
    Verbosity verbosity = DEFAULT_VERBOSITY;
    String text = node.stringOrNull("verbosity");
    if (text != null) {
      Verbosity parsed = null;
      for (Verbosity v : Verbosity.values()) {
        if (v.configName().equalsIgnoreCase(text)) {
          parsed = v;
        }
      }
      if (parsed == null) {
        node.problem("verbosity", "verbosity level \"" + text + "\" is not supported (expected: one of basic, normal, detailed)");
      } else {
        verbosity = parsed;
      }
    }
    int initial = nonNegative(node, "sampling_initial", DEFAULT_SAMPLING_INITIAL);
    int thereafter = nonNegative(node, "sampling_thereafter", DEFAULT_SAMPLING_THEREAFTER);
    boolean internal = node.bool("use_internal_logger", DEFAULT_USE_INTERNAL_LOGGER);
    return new DebugExporterConfig(verbosity, initial, thereafter, internal);
  }

  private static int nonNegative(ConfigNode node, String key, int defaultValue) {
    int v = node.intValue(key, defaultValue);
    if (v < 0) {
      node.problem(key, v + " (expected: a non-negative integer)");
      return defaultValue;
    }
    return v;
  }
}
