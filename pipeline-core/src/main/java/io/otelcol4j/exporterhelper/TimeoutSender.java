package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.RetryableConsumeException;

/**
 * Limits one attempt to the configured {@code timeout} and to the caller's deadline, whichever
 * comes first, and refuses to start an attempt whose deadline has already passed. The pusher
 * honours the limit it is given.
 */
final class TimeoutSender<B extends Batch<B>> implements Sender<B> {
  private final long timeoutNanos;
  private final Time time;
  private final Sender<B> next;

  TimeoutSender(TimeoutConfig config, Time time, Sender<B> next) {
    this.timeoutNanos = config.hasTimeout() ? config.timeout().toNanos() : 0;
    this.time = time;
    this.next = next;
  }

  @Override
  public void send(B batch, long deadlineNanos) throws Exception {
    long now = time.nanoTime();
    long deadline = deadlineNanos;
    if (timeoutNanos > 0) {
      deadline = Math.min(deadline, Sender.saturatedAdd(now, timeoutNanos));
    }
    if (deadline != NO_DEADLINE && deadline - now <= 0) {
      throw new RetryableConsumeException("deadline exceeded before the batch could be sent");
    }
    next.send(batch, deadline);
  }
}
