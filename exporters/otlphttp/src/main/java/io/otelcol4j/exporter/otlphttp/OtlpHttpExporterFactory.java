package io.otelcol4j.exporter.otlphttp;

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
import io.otelcol4j.exporterhelper.BatchCodec;
import io.otelcol4j.exporterhelper.ExporterHelper;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code otlphttp} exporter (alias {@code otlp_http}): POSTs every batch as one OTLP/HTTP
 * request (protobuf or JSON, gzip by default) to {@code <endpoint>/v1/<signal>} or the signal's
 * own URL, through the exporter helper's sending queue, retries and timeout, as the collector's
 * {@code otlphttpexporter} does. The signals of one id share one HTTP client.
 */
public final class OtlpHttpExporterFactory implements ExporterFactory<OtlpHttpExporterConfig> {
  /** The type id used in config. */
  public static final String TYPE = "otlphttp";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.STABLE);
    m.put(Signal.METRICS, StabilityLevel.STABLE);
    m.put(Signal.LOGS, StabilityLevel.BETA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  private final SharedComponents<OtlpHttpExporter> clients = new SharedComponents<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> aliases() {
    return List.of("otlp_http");
  }

  @Override
  public Class<OtlpHttpExporterConfig> configClass() {
    return OtlpHttpExporterConfig.class;
  }

  @Override
  public OtlpHttpExporterConfig parseConfig(ConfigNode node) {
    return OtlpHttpExporterConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Exporter<TracesBatch> createTraces(ComponentSettings settings, OtlpHttpExporterConfig config) {
    OtlpHttpExporter c = client(settings, config, Signal.TRACES);
    return ExporterHelper.create(settings, Signal.TRACES, config.helper(), c::exportTraces, BatchCodec.TRACES, c.lifecycle());
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, OtlpHttpExporterConfig config) {
    OtlpHttpExporter c = client(settings, config, Signal.METRICS);
    return ExporterHelper.create(settings, Signal.METRICS, config.helper(), c::exportMetrics, BatchCodec.METRICS, c.lifecycle());
  }

  @Override
  public Exporter<LogsBatch> createLogs(ComponentSettings settings, OtlpHttpExporterConfig config) {
    OtlpHttpExporter c = client(settings, config, Signal.LOGS);
    return ExporterHelper.create(settings, Signal.LOGS, config.helper(), c::exportLogs, BatchCodec.LOGS, c.lifecycle());
  }

  /** The acquired client shared by the signals of this id (a differing config gets its own). */
  private OtlpHttpExporter client(ComponentSettings settings, OtlpHttpExporterConfig config, Signal signal) {
    if (config.url(signal) == null) {
      throw new IllegalArgumentException(config.endpoint().isEmpty() && config.tracesEndpoint().isEmpty()
          && config.metricsEndpoint().isEmpty() && config.logsEndpoint().isEmpty()
          ? OtlpHttpExporterConfig.ENDPOINT_REQUIRED
          : "no endpoint for " + signal.configName() + " (expected: endpoint or " + signal.configName() + "_endpoint)");
    }
    while (true) {
      OtlpHttpExporter[] self = new OtlpHttpExporter[1];
      OtlpHttpExporter c = clients.getOrCreate(settings.id(), () -> {
        self[0] = new OtlpHttpExporter(settings, config, () -> clients.remove(settings.id(), self[0]), Clock.systemUTC());
        return self[0];
      });
      if (!c.config().equals(config)) {
        OtlpHttpExporter own = new OtlpHttpExporter(settings, config, () -> {}, Clock.systemUTC());
        own.acquire();
        return own;
      }
      if (c.acquire()) {
        return c;
      }
      // A closed client still registered (its last release is finishing): forget it and retry.
      clients.remove(settings.id(), c);
    }
  }
}
