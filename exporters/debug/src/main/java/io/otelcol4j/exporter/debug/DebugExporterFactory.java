package io.otelcol4j.exporter.debug;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code debug} exporter: writes received telemetry to the collector's log, or to stdout, as
 * the collector's {@code debugexporter} does: a summary line per batch, then at {@code normal}
 * verbosity about one line per item and at {@code detailed} every field. Each signal gets its own
 * instance with its own sampler.
 */
public final class DebugExporterFactory implements ExporterFactory<DebugExporterConfig> {
  /** The type id used in config. */
  public static final String TYPE = "debug";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.DEVELOPMENT);
    m.put(Signal.METRICS, StabilityLevel.DEVELOPMENT);
    m.put(Signal.LOGS, StabilityLevel.DEVELOPMENT);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<DebugExporterConfig> configClass() {
    return DebugExporterConfig.class;
  }

  @Override
  public DebugExporterConfig parseConfig(ConfigNode node) {
    return DebugExporterConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Exporter<TracesBatch> createTraces(ComponentSettings settings, DebugExporterConfig config) {
    return new DebugExporter<>(settings, config, Signal.TRACES, System.out, System::nanoTime);
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, DebugExporterConfig config) {
    return new DebugExporter<>(settings, config, Signal.METRICS, System.out, System::nanoTime);
  }

  @Override
  public Exporter<LogsBatch> createLogs(ComponentSettings settings, DebugExporterConfig config) {
    return new DebugExporter<>(settings, config, Signal.LOGS, System.out, System::nanoTime);
  }
}
