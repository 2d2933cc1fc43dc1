package io.otelcol4j.consumer;

/** Accepts metrics batches. See {@link Consumer} for the ownership and failure contract. */
@FunctionalInterface
public interface MetricsConsumer extends Consumer<MetricsBatch> {
  /** Adapts a generic consumer. */
  static MetricsConsumer of(Consumer<MetricsBatch> c) {
    return c instanceof MetricsConsumer ? (MetricsConsumer) c : c::consume;
  }
}
