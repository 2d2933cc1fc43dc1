package io.otelcol4j.processor.batch;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.ProcessorFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code batch} processor: batches spans, metric data points and log records by size and time,
 * optionally per request-metadata values, as the collector's {@code batchprocessor} does. Each
 * pipeline gets its own instance with its own buffers and worker thread.
 */
public final class BatchProcessorFactory implements ProcessorFactory<BatchProcessorConfig> {
  /** The type id used in config. */
  public static final String TYPE = "batch";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.BETA);
    m.put(Signal.METRICS, StabilityLevel.BETA);
    m.put(Signal.LOGS, StabilityLevel.BETA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<BatchProcessorConfig> configClass() {
    return BatchProcessorConfig.class;
  }

  @Override
  public BatchProcessorConfig parseConfig(ConfigNode node) {
    return BatchProcessorConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Processor<TracesBatch> createTraces(ComponentSettings settings, BatchProcessorConfig config,
      TracesConsumer next) {
    return new BatchProcessor<>(settings, config, Signal.TRACES, next);
  }

  @Override
  public Processor<MetricsBatch> createMetrics(ComponentSettings settings, BatchProcessorConfig config,
      MetricsConsumer next) {
    return new BatchProcessor<>(settings, config, Signal.METRICS, next);
  }

  @Override
  public Processor<LogsBatch> createLogs(ComponentSettings settings, BatchProcessorConfig config, LogsConsumer next) {
    return new BatchProcessor<>(settings, config, Signal.LOGS, next);
  }
}
