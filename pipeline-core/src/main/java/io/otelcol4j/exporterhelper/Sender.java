package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.Batch;

/** One link of the sender chain: does one job and calls the next link. */
@FunctionalInterface
interface Sender<B extends Batch<B>> {
  /** No deadline. */
  long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * Sends a batch.
   *
   * @param deadlineNanos when the caller stops waiting, in {@link Time#nanoTime()} terms, or
   *     {@link #NO_DEADLINE}
   */
  void send(B batch, long deadlineNanos) throws Exception;

  /** {@code a + b} without overflowing past {@link Long#MAX_VALUE}. */
  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
