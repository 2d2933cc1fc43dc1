package io.otelcol4j.exporterhelper;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when slept on; records every sleep. */
final class FakeTime implements Time {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public boolean sleepUntil(long wakeAtNanos, ShutdownSignal shutdown) {
    if (shutdown.deadlineNanos() < wakeAtNanos) {
      return false;
    }
    long n = now.get();
    sleeps.add(Duration.ofNanos(wakeAtNanos - n));
    now.set(Math.max(n, wakeAtNanos));
    return true;
  }

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}
