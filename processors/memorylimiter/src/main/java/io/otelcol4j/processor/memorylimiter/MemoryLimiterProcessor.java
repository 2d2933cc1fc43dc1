package io.otelcol4j.processor.memorylimiter;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import java.time.Duration;

/**
 * One pipeline's memory limiter: refuses data with a retryable {@value MemoryLimiter#DATA_REFUSED}
 * while the shared {@link MemoryLimiter} says so, and passes it on unchanged otherwise. The
 * refusal propagates to the receiver, which answers "try again later" and counts the items as
 * refused, so senders back off.
 */
final class MemoryLimiterProcessor<B extends Batch<B>> implements Processor<B> {
  private final MemoryLimiter limiter;
  private final Consumer<B> next;
  private final Runnable release;
  private final BoundCounter accepted;
  private final BoundCounter refused;
  private boolean started; // guarded by this
  private boolean stopped; // guarded by this

  /**
   * @param release called once on shutdown, to give up this instance's share of {@code limiter}
   */
  MemoryLimiterProcessor(ComponentSettings settings, Signal signal, MemoryLimiter limiter, Consumer<B> next,
      Runnable release) {
    this.limiter = limiter;
    this.next = next;
    this.release = release;
    // Upstream's (deprecated but still emitted) otelcol_processor_accepted_<items> / _refused_<items>.
    this.accepted = ComponentMetrics.itemCounter(settings.meterProvider(), Kind.PROCESSOR, settings.id(), signal,
        "accepted", "Items the memory limiter let through to the next component");
    this.refused = ComponentMetrics.itemCounter(settings.meterProvider(), Kind.PROCESSOR, settings.id(), signal,
        "refused", "Items the memory limiter refused because of high memory usage");
  }

  /** The shared limiter this instance asks; for tests. */
  MemoryLimiter limiter() {
    return limiter;
  }

  @Override
  public synchronized void start(Host host) {
    if (started || stopped) {
      return;
    }
    started = true;
    limiter.start();
  }

  @Override
  public void consume(Context context, B batch) {
    if (limiter.mustRefuse()) {
      refused.add(batch.itemCount());
      throw new RetryableConsumeException(MemoryLimiter.DATA_REFUSED);
    }
    // As upstream, counted as accepted even if the next consumer then fails.
    accepted.add(batch.itemCount());
    next.consume(context, batch);
  }

  @Override
  public void shutdown(Duration deadline) throws Exception {
    boolean wasStarted;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      wasStarted = started;
    }
    try {
      if (wasStarted) {
        limiter.stop(deadline);
      }
    } finally {
      release.run();
    }
  }
}
