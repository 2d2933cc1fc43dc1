package io.otelcol4j.exporter.debug;

import java.util.function.LongSupplier;

/**
 * Log sampling as zap's sampler does it, which the collector's debug exporter uses: records are
 * counted per message (hashed into a fixed table of counters) within one-second windows; the
 * first {@code initial} records of a message in a window are written, then every
 * {@code thereafter}-th (none when zero). A window starts with the first record after the last one
 * ended.
 */
final class Sampler {
  private static final int COUNTERS = 4096;
  private static final long TICK_NANOS = 1_000_000_000L;

  private final int initial;
  private final int thereafter;
  private final LongSupplier nanoClock;
  private final long[] windowEnd = new long[COUNTERS];
  private final long[] counts = new long[COUNTERS];

  Sampler(int initial, int thereafter, LongSupplier nanoClock) {
    this.initial = initial;
    this.thereafter = thereafter;
    this.nanoClock = nanoClock;
  }

  /** True when a record with this message is to be written now. */
  synchronized boolean allow(String message) {
    int i = Math.floorMod(message.hashCode(), COUNTERS);
    long now = nanoClock.getAsLong();
    long n;
    if (counts[i] == 0 || now - windowEnd[i] >= 0) {
      counts[i] = 1;
      windowEnd[i] = now + TICK_NANOS;
      n = 1;
    } else {
      n = ++counts[i];
    }
    return n <= initial || (thereafter > 0 && (n - initial) % thereafter == 0);
  }
}
