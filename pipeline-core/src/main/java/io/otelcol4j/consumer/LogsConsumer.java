package io.otelcol4j.consumer;

/** Accepts logs batches. See {@link Consumer} for the ownership and failure contract. */
@FunctionalInterface
public interface LogsConsumer extends Consumer<LogsBatch> {
  /** Adapts a generic consumer. */
  static LogsConsumer of(Consumer<LogsBatch> c) {
    return c instanceof LogsConsumer ? (LogsConsumer) c : c::consume;
  }
}
