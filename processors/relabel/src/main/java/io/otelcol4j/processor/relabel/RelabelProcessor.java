package io.otelcol4j.processor.relabel;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.prometheus.relabel.Relabeler;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import java.time.Duration;

/**
 * One pipeline's relabel processor: relabels each batch synchronously on the caller's thread and
 * passes the result on. Holds no state between batches and owns no threads, so start and shutdown
 * have nothing to do.
 */
final class RelabelProcessor implements Processor<MetricsBatch> {
  /** Own metric counting data points dropped by the rules. */
  static final String DROPPED_METRIC_POINTS = "otelcol_processor_relabel_dropped_metric_points";

  private final MetricsRelabeling relabeling;
  private final MetricsConsumer next;
  private final BoundCounter dropped;

  RelabelProcessor(ComponentSettings settings, Relabeler relabeler, MetricsConsumer next) {
    this.relabeling = new MetricsRelabeling(relabeler);
    this.next = next;
    this.dropped = ComponentMetrics.counter(settings.meterProvider(), DROPPED_METRIC_POINTS, Kind.PROCESSOR,
        settings.id(), Signal.METRICS, "Metric data points dropped by relabel rules (drop, keep, or no __name__ left)");
  }

  @Override
  public void start(Host host) {}

  @Override
  public void consume(Context context, MetricsBatch batch) {
    MetricsRelabeling.Result result = relabeling.apply(batch);
    dropped.add(result.droppedPoints());
    MetricsBatch out = result.batch();
    if (out.itemCount() == 0 && batch.itemCount() > 0) {
      return; // everything was dropped: nothing to pass on, as the collector's filter processor
    }
    next.consume(context, out);
  }

  @Override
  public void shutdown(Duration deadline) {}
}
