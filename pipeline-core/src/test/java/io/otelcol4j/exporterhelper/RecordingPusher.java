package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.TracesBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** A pusher that records what it receives, can be held at a gate and can be told to fail. */
final class RecordingPusher implements Pusher<TracesBatch> {
  final List<TracesBatch> received = new CopyOnWriteArrayList<>();
  /** Released once per call, on entry. */
  final Semaphore entered = new Semaphore(0);
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile @Nullable Exception failure;

  /** Holds every push until {@link #open()}. */
  void close() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  void failWith(@Nullable Exception e) {
    failure = e;
  }

  @Override
  public void push(TracesBatch batch, Duration timeout) throws Exception {
    entered.release();
    gate.await();
    Exception f = failure;
    if (f != null) {
      throw f;
    }
    received.add(batch);
  }

  List<Integer> sizes() {
    List<Integer> out = new ArrayList<>();
    for (TracesBatch b : received) {
      out.add(b.itemCount());
    }
    return out;
  }

  List<Long> seqs() {
    List<Long> out = new ArrayList<>();
    for (TracesBatch b : received) {
      out.addAll(Batches.seqs(b));
    }
    return out;
  }

  int items() {
    return received.stream().mapToInt(TracesBatch::itemCount).sum();
  }

  boolean awaitEntered(int calls) throws InterruptedException {
    return entered.tryAcquire(calls, 10, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} for up to 10 s. */
  static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }
}
