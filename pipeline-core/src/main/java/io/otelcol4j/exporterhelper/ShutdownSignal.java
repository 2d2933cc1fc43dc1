package io.otelcol4j.exporterhelper;

/**
 * Tells waits (retry backoff, queue consumers) that shutdown has begun and by when work must end.
 * Before shutdown the deadline is infinite; {@link #begin} sets it; {@link #stopNow} makes every
 * wait return at once.
 */
final class ShutdownSignal {
  private final Object lock = new Object();
  private volatile boolean stopping;
  private volatile long deadlineNanos = Long.MAX_VALUE;

  /** Starts shutdown: waits that would end after {@code deadlineNanos} return early. */
  void begin(long deadline) {
    synchronized (lock) {
      stopping = true;
      deadlineNanos = Math.min(deadlineNanos, deadline);
      lock.notifyAll();
    }
  }

  /** Ends every wait now. */
  void stopNow() {
    begin(Long.MIN_VALUE);
  }

  boolean stopping() {
    return stopping;
  }

  /** The time by which work must end, {@link Long#MAX_VALUE} before shutdown. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Waits on the real clock until {@code wakeAt}; false when the deadline comes first. */
  boolean awaitUntil(Time time, long wakeAt) throws InterruptedException {
    synchronized (lock) {
      while (true) {
        if (deadlineNanos < wakeAt) {
          return false;
        }
        long left = wakeAt - time.nanoTime();
        if (left <= 0) {
          return true;
        }
        lock.wait(left / 1_000_000L, (int) (left % 1_000_000L));
      }
    }
  }
}
