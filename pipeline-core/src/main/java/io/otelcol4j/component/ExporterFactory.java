package io.otelcol4j.component;

import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;

/**
 * Builds exporters. An exporter id is one instance per signal, shared by every pipeline of that
 * signal naming it (one queue, one connection pool). Network exporters wrap their push function
 * with {@link io.otelcol4j.exporterhelper.ExporterHelper} for the sending queue, retries and timeout.
 *
 * @param <C> the config record
 */
public interface ExporterFactory<C extends ComponentConfig> extends ComponentFactory<C> {
  @Override
  default Kind kind() {
    return Kind.EXPORTER;
  }

  /** Builds a traces exporter. */
  default Exporter<TracesBatch> createTraces(ComponentSettings settings, C config) {
    throw new UnsupportedSignalException(kind(), type(), Signal.TRACES, signals().keySet());
  }

  /** Builds a metrics exporter. */
  default Exporter<MetricsBatch> createMetrics(ComponentSettings settings, C config) {
    throw new UnsupportedSignalException(kind(), type(), Signal.METRICS, signals().keySet());
  }

  /** Builds a logs exporter. */
  default Exporter<LogsBatch> createLogs(ComponentSettings settings, C config) {
    throw new UnsupportedSignalException(kind(), type(), Signal.LOGS, signals().keySet());
  }
}
