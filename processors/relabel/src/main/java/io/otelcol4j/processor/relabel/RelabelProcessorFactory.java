package io.otelcol4j.processor.relabel;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.ProcessorFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.prometheus.relabel.Relabeler;
import java.util.Map;

/**
 * The {@code relabel} processor: applies Prometheus {@code metric_relabel_configs} to the data
 * points of every metric, with the metric name as {@code __name__} and the point's and resource's
 * attributes as labels. Metrics only. Each pipeline gets its own instance; it holds no state
 * between batches.
 */
public final class RelabelProcessorFactory implements ProcessorFactory<RelabelProcessorConfig> {
  /** The type id used in config. */
  public static final String TYPE = "relabel";

  private static final Map<Signal, StabilityLevel> SIGNALS = Map.of(Signal.METRICS, StabilityLevel.ALPHA);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<RelabelProcessorConfig> configClass() {
    return RelabelProcessorConfig.class;
  }

  @Override
  public RelabelProcessorConfig parseConfig(ConfigNode node) {
    return RelabelProcessorConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Processor<MetricsBatch> createMetrics(ComponentSettings settings, RelabelProcessorConfig config,
      MetricsConsumer next) {
    return new RelabelProcessor(settings, Relabeler.of(config.metricRelabelConfigs()), next);
  }
}
