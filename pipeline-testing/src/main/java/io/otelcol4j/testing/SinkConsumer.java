package io.otelcol4j.testing;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A consumer of every signal that keeps what it receives, for assertions; optionally failing
 * with a set exception, like the collector's {@code consumertest.Sink}.
 */
public final class SinkConsumer {
  private final List<Batch<?>> batches = new ArrayList<>();
  private final List<Context> contexts = new ArrayList<>();
  private final AtomicReference<RuntimeException> failWith = new AtomicReference<>();

  /** This sink as a traces consumer. */
  public TracesConsumer traces() {
    return this::record;
  }

  /** This sink as a metrics consumer. */
  public MetricsConsumer metrics() {
    return this::record;
  }

  /** This sink as a logs consumer. */
  public LogsConsumer logs() {
    return this::record;
  }

  /** This sink as a consumer of any signal. */
  public <B extends Batch<B>> io.otelcol4j.consumer.Consumer<B> consumer() {
    return this::record;
  }

  /** Records a batch, or throws what {@link #failWith} set. */
  public void record(Context context, Batch<?> batch) {
    RuntimeException f = failWith.get();
    if (f != null) {
      throw f;
    }
    synchronized (this) {
      batches.add(batch);
      contexts.add(context);
      notifyAll();
    }
  }

  /** Makes every following consume throw {@code e}; null accepts again. */
  public void failWith(RuntimeException e) {
    failWith.set(e);
  }

  public synchronized List<Batch<?>> batches() {
    return List.copyOf(batches);
  }

  public synchronized List<Context> contexts() {
    return List.copyOf(contexts);
  }

  /** Items received in all, across signals. */
  public synchronized int itemCount() {
    int n = 0;
    for (Batch<?> b : batches) {
      n += b.itemCount();
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  public synchronized <B extends Batch<B>> List<B> batchesOf(Class<B> type) {
    List<B> out = new ArrayList<>();
    for (Batch<?> b : batches) {
      if (type.isInstance(b)) {
        out.add((B) b);
      }
    }
    return out;
  }

  public synchronized void reset() {
    batches.clear();
    contexts.clear();
  }

  /** Waits until at least {@code items} items arrived; false on timeout. */
  public synchronized boolean awaitItems(int items, Duration timeout) throws InterruptedException {
    return await(() -> itemCount() >= items, timeout);
  }

  /** Waits (bounded) until {@code condition} holds; false on timeout. */
  public synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
