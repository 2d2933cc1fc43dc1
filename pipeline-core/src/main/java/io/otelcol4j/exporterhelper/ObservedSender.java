package io.otelcol4j.exporterhelper;

import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.component.StatusReporter;
import io.otelcol4j.consumer.Batch;
import java.time.Duration;

/**
 * The last link: calls the exporter's {@link Pusher} with the time left, counts what was sent and
 * reports the exporter's status (OK after a send that worked, RECOVERABLE_ERROR with the message
 * after one that failed), which the health check reads.
 */
final class ObservedSender<B extends Batch<B>> implements Sender<B> {
  private final Pusher<B> pusher;
  private final ExporterMetrics metrics;
  private final StatusReporter status;
  private final Time time;

  ObservedSender(Pusher<B> pusher, ExporterMetrics metrics, StatusReporter status, Time time) {
    this.pusher = pusher;
    this.metrics = metrics;
    this.status = status;
    this.time = time;
  }

  @Override
  public void send(B batch, long deadlineNanos) throws Exception {
    Duration timeout = deadlineNanos == NO_DEADLINE
        ? Duration.ZERO
        : Duration.ofNanos(Math.max(1, deadlineNanos - time.nanoTime()));
    try {
      pusher.push(batch, timeout);
    } catch (Exception | Error e) {
      status.report(StatusRegistry.Status.RECOVERABLE_ERROR, RetrySender.describe(e));
      throw e;
    }
    metrics.sent.add(batch.itemCount());
    status.report(StatusRegistry.Status.OK, null);
  }
}
