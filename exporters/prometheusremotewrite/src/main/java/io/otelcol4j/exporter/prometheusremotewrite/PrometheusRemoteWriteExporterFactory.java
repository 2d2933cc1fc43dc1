package io.otelcol4j.exporter.prometheusremotewrite;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.MetricsBatch;
import java.util.List;
import java.util.Map;

/**
 * The {@code prometheusremotewrite} exporter (alias {@code prometheus_remote_write}): sends
 * metrics to Prometheus remote-write endpoints such as Prometheus itself, Cortex, Mimir or Amazon
 * Managed Service for Prometheus (with the {@code sigv4auth} extension), as collector-contrib's
 * {@code prometheusremotewriteexporter} does.
 */
public final class PrometheusRemoteWriteExporterFactory implements ExporterFactory<PrometheusRemoteWriteExporterConfig> {
  /** The type id used in config. */
  public static final String TYPE = "prometheusremotewrite";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> aliases() {
    return List.of("prometheus_remote_write");
  }

  @Override
  public Class<PrometheusRemoteWriteExporterConfig> configClass() {
    return PrometheusRemoteWriteExporterConfig.class;
  }

  @Override
  public PrometheusRemoteWriteExporterConfig parseConfig(ConfigNode node) {
    return PrometheusRemoteWriteExporterConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return Map.of(Signal.METRICS, StabilityLevel.BETA);
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, PrometheusRemoteWriteExporterConfig config) {
    if (config.endpoint().isEmpty()) {
      throw new IllegalArgumentException("endpoint must be set");
    }
    return PrometheusRemoteWriteExporter.create(settings, config);
  }
}
