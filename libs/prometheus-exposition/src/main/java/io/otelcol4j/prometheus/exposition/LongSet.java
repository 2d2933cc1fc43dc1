package io.otelcol4j.prometheus.exposition;

import java.util.Arrays;

/** A small open-addressing set of {@code long}s without boxing, for group hashes. */
final class LongSet {
  private static final int INITIAL = 16;

  private long[] table = new long[INITIAL];
  private boolean[] used = new boolean[INITIAL];
  private int size;

  /** Adds {@code v}; returns false when it was present. */
  boolean add(long v) {
    if (2 * (size + 1) > table.length) {
      grow();
    }
    return insert(table, used, v);
  }

  boolean contains(long v) {
    int mask = table.length - 1;
    for (int i = spread(v) & mask; used[i]; i = (i + 1) & mask) {
      if (table[i] == v) {
        return true;
      }
    }
    return false;
  }

  void clear() {
    if (size == 0) {
      return;
    }
    if (table.length > 4 * INITIAL) {
      table = new long[INITIAL];
      used = new boolean[INITIAL];
    } else {
      Arrays.fill(used, false);
    }
    size = 0;
  }

  private boolean insert(long[] t, boolean[] u, long v) {
    int mask = t.length - 1;
    int i = spread(v) & mask;
    while (u[i]) {
      if (t[i] == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
    u[i] = true;
    t[i] = v;
    if (t == table) {
      size++;
    }
    return true;
  }

  private void grow() {
    long[] t = new long[table.length * 2];
    boolean[] u = new boolean[t.length];
    for (int i = 0; i < table.length; i++) {
      if (used[i]) {
        insert(t, u, table[i]);
      }
    }
    table = t;
    used = u;
  }

  private static int spread(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
