package io.otelcol4j.service;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;

/**
 * Counts items passing a point of the graph: on success into {@code ok}, on failure into
 * {@code failed} (when given). The graph puts one after every receiver (accepted / refused) and
 * around every processor (incoming / outgoing), so no component can forget to count.
 */
final class ObservedConsumer<B extends Batch<B>> implements Consumer<B> {
  private final Consumer<B> next;
  private final BoundCounter ok;
  private final BoundCounter failed;

  ObservedConsumer(Consumer<B> next, BoundCounter ok, BoundCounter failed) {
    this.next = next;
    this.ok = ok;
    this.failed = failed;
  }

  @Override
  public void consume(Context context, B batch) {
    try {
      next.consume(context, batch);
    } catch (RuntimeException e) {
      failed.add(batch.itemCount());
      throw e;
    }
    ok.add(batch.itemCount());
  }
}
