package io.otelcol4j.exporter.file;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.SharedComponents;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code file} exporter: writes every batch as one OTLP export request to a local file, as JSON
 * lines or length-prefixed protobuf, with optional size-based rotation, as the collector's
 * {@code fileexporter} does. The traces, metrics and logs instances of one exporter id share one
 * file.
 */
public final class FileExporterFactory implements ExporterFactory<FileExporterConfig> {
  /** The type id used in config. */
  public static final String TYPE = "file";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.ALPHA);
    m.put(Signal.METRICS, StabilityLevel.ALPHA);
    m.put(Signal.LOGS, StabilityLevel.ALPHA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  private final SharedComponents<FileWriter> writers = new SharedComponents<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<FileExporterConfig> configClass() {
    return FileExporterConfig.class;
  }

  @Override
  public FileExporterConfig parseConfig(ConfigNode node) {
    return FileExporterConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Exporter<TracesBatch> createTraces(ComponentSettings settings, FileExporterConfig config) {
    return new FileExporter<>(settings, Signal.TRACES, writer(settings, config));
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, FileExporterConfig config) {
    return new FileExporter<>(settings, Signal.METRICS, writer(settings, config));
  }

  @Override
  public Exporter<LogsBatch> createLogs(ComponentSettings settings, FileExporterConfig config) {
    return new FileExporter<>(settings, Signal.LOGS, writer(settings, config));
  }

  /**
   * The acquired writer shared by the signals of this id. A collector uses one config per id; a
   * second collector in the same JVM reusing the id with another config gets a writer of its own.
   */
  private FileWriter writer(ComponentSettings settings, FileExporterConfig config) {
    if (config.path().isEmpty()) {
      throw new IllegalArgumentException(FileExporterConfig.PATH_REQUIRED);
    }
    while (true) {
      FileWriter w = writers.getOrCreate(settings.id(), () -> newWriter(settings, config, true));
      if (!w.config().equals(config)) {
        FileWriter own = newWriter(settings, config, false);
        own.acquire();
        return own;
      }
      if (w.acquire()) {
        return w;
      }
      // A closed writer still registered (its last release is finishing): forget it and retry.
      writers.remove(settings.id(), w);
    }
  }

  private FileWriter newWriter(ComponentSettings settings, FileExporterConfig config, boolean shared) {
    FileWriter[] self = new FileWriter[1];
    Runnable onClose = shared ? () -> writers.remove(settings.id(), self[0]) : () -> {};
    self[0] = new FileWriter(config, FileWriter.maxBytes(config), Clock.systemUTC(), settings.logger(), onClose);
    return self[0];
  }
}
