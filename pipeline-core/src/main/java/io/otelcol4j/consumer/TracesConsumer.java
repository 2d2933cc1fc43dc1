package io.otelcol4j.consumer;

/** Accepts traces batches. See {@link Consumer} for the ownership and failure contract. */
@FunctionalInterface
public interface TracesConsumer extends Consumer<TracesBatch> {
  /** Adapts a generic consumer. */
  static TracesConsumer of(Consumer<TracesBatch> c) {
    return c instanceof TracesConsumer ? (TracesConsumer) c : c::consume;
  }
}
