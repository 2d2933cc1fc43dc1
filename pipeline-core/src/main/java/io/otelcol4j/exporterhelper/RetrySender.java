package io.otelcol4j.exporterhelper;

import io.otelcol4j.config.Scalars;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retries failed sends with exponential backoff and jitter, as the collector's retry sender:
 *
 * <ul>
 *   <li>a permanent error is not retried: "not retryable: …", logged with the item count and
 *       counted as failed;
 *   <li>a retryable error with a server delay ({@code Retry-After}) waits {@code max(backoff, delay)};
 *   <li>it stops with "no more retries left: …" when the next attempt would start after
 *       {@code max_elapsed_time}, the caller's deadline or the shutdown deadline, and never sleeps
 *       past them.
 * </ul>
 *
 * <p>When shutdown cuts a wait short, {@link ShutdownAbortException} is thrown and nothing is
 * counted: the queue decides whether the data stays on disk or is dropped.
 */
final class RetrySender<B extends Batch<B>> implements Sender<B> {
  private final RetryConfig config;
  private final Time time;
  private final ShutdownSignal shutdown;
  private final DoubleSupplier random;
  private final ExporterMetrics metrics;
  private final Logger logger;
  private final Sender<B> next;

  RetrySender(RetryConfig config, Time time, ShutdownSignal shutdown, DoubleSupplier random, ExporterMetrics metrics,
      Logger logger, Sender<B> next) {
    this.config = config;
    this.time = time;
    this.shutdown = shutdown;
    this.random = random;
    this.metrics = metrics;
    this.logger = logger;
    this.next = next;
  }

  @Override
  public void send(B batch, long deadlineNanos) throws Exception {
    if (!config.enabled()) {
      try {
        next.send(batch, deadlineNanos);
      } catch (Exception | Error e) {
        Failures.propagateIfFatal(e);
        metrics.sendFailed.add(batch.itemCount());
        logger.error("Exporting failed. Dropping data.", "error", describe(e), "dropped_items", batch.itemCount());
        throw e;
      }
      return;
    }
    long start = time.nanoTime();
    long elapsedLimit = config.maxElapsedTime().isZero()
        ? NO_DEADLINE
        : Sender.saturatedAdd(start, config.maxElapsedTime().toNanos());
    double interval = config.initialInterval().toNanos();
    double maxInterval = config.maxInterval().toNanos();
    while (true) {
      Throwable failure;
      try {
        next.send(batch, deadlineNanos);
        return;
      } catch (ShutdownAbortException e) {
        throw e;
      } catch (Exception | Error e) {
        Failures.propagateIfFatal(e);
        failure = e;
      }
      if (Failures.isPermanent(failure)) {
        metrics.sendFailed.add(batch.itemCount());
        logger.error("Exporting failed. The error is not retryable. Dropping data.",
            "error", describe(failure), "dropped_items", batch.itemCount());
        throw new PermanentConsumeException("not retryable: " + describe(failure), failure);
      }
      long delay = jitter(interval);
      interval = Math.min(interval * config.multiplier(), maxInterval);
      Duration serverDelay = Failures.retryAfter(failure);
      if (serverDelay != null) {
        delay = Math.max(delay, serverDelay.toNanos());
      }
      long now = time.nanoTime();
      long wakeAt = Sender.saturatedAdd(now, delay);
      if (wakeAt > elapsedLimit || wakeAt > deadlineNanos) {
        metrics.sendFailed.add(batch.itemCount());
        logger.error("Exporting failed. No more retries left. Dropping data.",
            "error", describe(failure), "dropped_items", batch.itemCount());
        throw new RetryableConsumeException("no more retries left: " + describe(failure), null, failure);
      }
      logger.info("Exporting failed. Will retry the request after interval.",
          "error", describe(failure), "interval", Scalars.formatDuration(Duration.ofNanos(delay)));
      boolean slept;
      try {
        slept = time.sleepUntil(wakeAt, shutdown);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        slept = false;
      }
      if (!slept) {
        throw new ShutdownAbortException("exporter is shutting down; retries stopped: " + describe(failure), failure);
      }
    }
  }

  /** A wait drawn uniformly from {@code interval * [1 - factor, 1 + factor]}. */
  private long jitter(double interval) {
    double factor = config.randomizationFactor();
    double delta = factor * interval;
    double min = interval - delta;
    return (long) (min + random.getAsDouble() * (2 * delta + 1));
  }

  /** The message of a failure, or its class when it has none. */
  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  /** A retry wait cut short by shutdown; the data was neither sent nor dropped by the retry sender. */
  static final class ShutdownAbortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShutdownAbortException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
