package io.otelcol4j.component;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A telemetry signal: the data type a pipeline carries. */
public enum Signal {
  TRACES,
  METRICS,
  LOGS;

  /** The name used in config, e.g. {@code traces} in {@code service.pipelines.traces/xray}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The signal named in config, or null when the text names none. */
  public static @Nullable Signal fromConfigName(String text) {
    for (Signal s : values()) {
      if (s.configName().equals(text)) {
        return s;
      }
    }
    return null;
  }

  /** The unit of one item of this signal in counters and messages: spans, metric points, log records. */
  public String itemNoun() {
    switch (this) {
      case TRACES:
        return "spans";
      case METRICS:
        return "metric_points";
      default:
        return "log_records";
    }
  }
}
