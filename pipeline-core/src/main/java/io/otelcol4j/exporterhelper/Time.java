package io.otelcol4j.exporterhelper;

/** The clock and sleeper of the retry and timeout senders; a fake in tests, so they never really sleep. */
interface Time {
  /** The system clock; sleeps wait on the shutdown signal so shutdown cuts them short. */
  Time SYSTEM = new Time() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean sleepUntil(long wakeAtNanos, ShutdownSignal shutdown) throws InterruptedException {
      return shutdown.awaitUntil(this, wakeAtNanos);
    }
  };

  /** A monotonic time in nanoseconds. */
  long nanoTime();

  /**
   * Waits until {@code wakeAtNanos}.
   *
   * @return true when the time was reached; false, early, when shutdown requires stopping before
   *     {@code wakeAtNanos}
   */
  boolean sleepUntil(long wakeAtNanos, ShutdownSignal shutdown) throws InterruptedException;
}
