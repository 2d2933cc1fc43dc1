package io.otelcol4j.exporter.otlp;

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
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code otlp} exporter (alias {@code otlp_grpc}): sends every batch as one OTLP/gRPC Export
 * call, through the exporter helper's sending queue, retries and timeout, as the collector's
 * {@code otlpexporter} does. The traces, metrics and logs exporters of one id share one gRPC
 * channel.
 */
public final class OtlpExporterFactory implements ExporterFactory<OtlpExporterConfig> {
  /** The type id used in config. */
  public static final String TYPE = "otlp";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.STABLE);
    m.put(Signal.METRICS, StabilityLevel.STABLE);
    m.put(Signal.LOGS, StabilityLevel.BETA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  private final SharedComponents<OtlpExporter> clients = new SharedComponents<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> aliases() {
    return List.of("otlp_grpc");
  }

  @Override
  public Class<OtlpExporterConfig> configClass() {
    return OtlpExporterConfig.class;
  }

  @Override
  public OtlpExporterConfig parseConfig(ConfigNode node) {
    return OtlpExporterConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Exporter<TracesBatch> createTraces(ComponentSettings settings, OtlpExporterConfig config) {
    OtlpExporter c = client(settings, config);
    return ExporterHelper.create(settings, Signal.TRACES, config.helper(), c::exportTraces, BatchCodec.TRACES, c.lifecycle());
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, OtlpExporterConfig config) {
    OtlpExporter c = client(settings, config);
    return ExporterHelper.create(settings, Signal.METRICS, config.helper(), c::exportMetrics, BatchCodec.METRICS, c.lifecycle());
  }

  @Override
  public Exporter<LogsBatch> createLogs(ComponentSettings settings, OtlpExporterConfig config) {
    OtlpExporter c = client(settings, config);
    return ExporterHelper.create(settings, Signal.LOGS, config.helper(), c::exportLogs, BatchCodec.LOGS, c.lifecycle());
  }

  /**
   * The acquired client shared by the signals of this id. A second collector in the same JVM
   * reusing the id with another config gets a client of its own.
   */
  private OtlpExporter client(ComponentSettings settings, OtlpExporterConfig config) {
    if (config.endpoint().isEmpty()) {
      throw new IllegalArgumentException(OtlpExporterConfig.ENDPOINT_REQUIRED);
    }
    GrpcTarget.parse(config.endpoint());
    while (true) {
      OtlpExporter[] self = new OtlpExporter[1];
      OtlpExporter c = clients.getOrCreate(settings.id(), () -> {
        self[0] = new OtlpExporter(settings, config, () -> clients.remove(settings.id(), self[0]));
        return self[0];
      });
      if (!c.config().equals(config)) {
        OtlpExporter own = new OtlpExporter(settings, config, () -> {});
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
