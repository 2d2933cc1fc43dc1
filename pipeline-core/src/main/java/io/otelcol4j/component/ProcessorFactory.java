package io.otelcol4j.component;

import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;

/**
 * Builds processors. Each pipeline gets its own processor instance, as in the OpenTelemetry
 * Collector, so a batch processor in two pipelines holds two independent batches.
 *
 * @param <C> the config record
 */
public interface ProcessorFactory<C extends ComponentConfig> extends ComponentFactory<C> {
  @Override
  default Kind kind() {
    return Kind.PROCESSOR;
  }

  /** Builds a traces processor that passes its output to {@code next}. */
  default Processor<TracesBatch> createTraces(ComponentSettings settings, C config, TracesConsumer next) {
    throw new UnsupportedSignalException(kind(), type(), Signal.TRACES, signals().keySet());
  }

  /** Builds a metrics processor that passes its output to {@code next}. */
  default Processor<MetricsBatch> createMetrics(ComponentSettings settings, C config, MetricsConsumer next) {
    throw new UnsupportedSignalException(kind(), type(), Signal.METRICS, signals().keySet());
  }

  /** Builds a logs processor that passes its output to {@code next}. */
  default Processor<LogsBatch> createLogs(ComponentSettings settings, C config, LogsConsumer next) {
    throw new UnsupportedSignalException(kind(), type(), Signal.LOGS, signals().keySet());
  }
}
