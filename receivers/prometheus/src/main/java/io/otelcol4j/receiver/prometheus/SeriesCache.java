package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.prometheus.exposition.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One target's memory of what each raw series of its pages became, keyed by the series' bytes as
 * written ({@code name{labels}}) plus the family context the parser gave them: whether metric
 * relabeling dropped it, its family, kind and role in the OTLP point, its labels and its {@link
 * SeriesState}. A page whose series are those of the previous scrape (the usual case: only values
 * change) then costs a hash over the bytes and one byte comparison per sample, no label decoding,
 * relabeling or allocation.
 *
 * <p>Everything an entry holds is a pure function of its key and of the scrape config, so an entry
 * is valid for as long as the translator lives; the {@link SeriesState} it points to is checked on
 * use (it may have gone stale). Entries not seen in the last successful scrape are swept, and at most
 * {@link #MAX_ENTRIES} are kept. Open addressing with linear probing. Not thread-safe.
 */
final class SeriesCache {
  /** The most entries one target keeps; series beyond it still work, through the slow path. */
  static final int MAX_ENTRIES = 1 << 17;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MIN_CAPACITY = 64;

  private @Nullable Entry[] table = new Entry[MIN_CAPACITY];
  private int size;

  /** Roles of a sample in its OTLP point. */
  static final int VALUE = 0;
  static final int CREATED = 1;
  static final int BUCKET = 2;
  static final int QUANTILE = 3;
  static final int SUM = 4;
  static final int COUNT = 5;
  /** Touches the point (its timestamp) and nothing else, e.g. a bucket whose {@code le} does not parse. */
  static final int IGNORE = 6;

  /** What one raw series became. Immutable but for {@link #state} and {@link #seen}. */
  static final class Entry {
    final byte[] key;
    final long hash;
    final String contextFamily;
    final MetricType contextType;
    /** Dropped by metric relabeling (or left without a name): counted as scraped only. */
    final boolean dropped;
    /** The point's kind; null for families collector-contrib drops (gauge histograms). */
    final @Nullable PointKind kind;
    final String family;
    /** Renamed by metric relabeling: a family of its own, without the page's unit and help. */
    final boolean renamed;
    final byte role;
    /** The parsed {@code le} or {@code quantile} of BUCKET and QUANTILE samples. */
    final double bound;
    /** The point's labels (alternating names and values, sorted), {@code le}/{@code quantile} removed. */
    final String[] labels;
    @Nullable SeriesState state;
    int seen = -1;

    Entry(byte[] key, long hash, String contextFamily, MetricType contextType, boolean dropped,
        @Nullable PointKind kind, String family, boolean renamed, int role, double bound, String[] labels) {
      this.key = key;
      this.hash = hash;
      this.contextFamily = contextFamily;
      this.contextType = contextType;
      this.dropped = dropped;
      this.kind = kind;
      this.family = family;
      this.renamed = renamed;
      this.role = (byte) role;
      this.bound = bound;
      this.labels = labels;
    }

    boolean matches(byte[] b, int s, int e, String family, MetricType type) {
      return Arrays.equals(key, 0, key.length, b, s, e)
          && contextType == type
          && (contextFamily == family || contextFamily.equals(family));
    }
  }

  int size() {
    return size;
  }

  /** A 64-bit hash of {@code b[s, e)}, 8 bytes per step. */
  static long hash(byte[] b, int s, int e) {
    long h = 0x9E3779B97F4A7C15L ^ (e - s);
    int i = s;
    for (; i + 8 <= e; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xff51afd7ed558ccdL;
      h ^= h >>> 32;
    }
    long tail = 0;
    for (int k = 0; i < e; i++, k += 8) {
      tail |= (b[i] & 0xffL) << k;
    }
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 29);
  }

  /** The entry for these bytes in this family context, or null. */
  @Nullable Entry find(byte[] b, int s, int e, long hash, String family, MetricType type) {
    @Nullable Entry[] t = table;
    int mask = t.length - 1;
    for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
      Entry x = t[i];
      if (x == null) {
        return null;
      }
      if (x.hash == hash && x.matches(b, s, e, family, type)) {
        return x;
      }
    }
  }

  /** Adds an entry whose key is not in the cache; returns false (adding nothing) when full. */
  boolean add(Entry entry) {
    if (size >= MAX_ENTRIES) {
      return false;
    }
    if (2 * (size + 1) > table.length) {
      rehash(table.length * 2, Integer.MIN_VALUE);
    }
    insert(table, entry);
    size++;
    return true;
  }

  /**
   * Keeps only the entries seen in scrape {@code generation}; cheap when nothing else is there.
   *
   * @param seenCount how many distinct entries were seen in that scrape
   */
  void sweep(int generation, int seenCount) {
    if (seenCount == size) {
      return;
    }
    int capacity = MIN_CAPACITY;
    while (capacity < 2 * seenCount) {
      capacity *= 2;
    }
    rehash(capacity, generation);
  }

  void clear() {
    table = new Entry[MIN_CAPACITY];
    size = 0;
  }

  private void rehash(int capacity, int keepGeneration) {
    @Nullable Entry[] old = table;
    @Nullable Entry[] t = new Entry[capacity];
    int n = 0;
    for (Entry x : old) {
      if (x != null && (keepGeneration == Integer.MIN_VALUE || x.seen == keepGeneration)) {
        insert(t, x);
        n++;
      }
    }
    table = t;
    size = n;
  }

  private static void insert(@Nullable Entry[] t, Entry entry) {
    int mask = t.length - 1;
    int i = (int) entry.hash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = entry;
  }
}
