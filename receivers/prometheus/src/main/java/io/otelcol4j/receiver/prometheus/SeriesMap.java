package io.otelcol4j.receiver.prometheus;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A target's series by their 64-bit series hash: open addressing with linear probing over a
 * {@code long[]} and a parallel state array, so a series costs 12 bytes of table at most twice over
 * and no boxed key or map node. Removal happens in bulk ({@link #retain}). Not thread-safe.
 */
final class SeriesMap {
  private static final int MIN_CAPACITY = 16;

  private long[] keys = new long[MIN_CAPACITY];
  private @Nullable SeriesState[] states = new SeriesState[MIN_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  @Nullable SeriesState get(long hash) {
    int mask = keys.length - 1;
    for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
      SeriesState s = states[i];
      if (s == null) {
        return null;
      }
      if (keys[i] == hash) {
        return s;
      }
    }
  }

  /** Adds a state under a hash that is not in the map. */
  void add(long hash, SeriesState state) {
    if (2 * (size + 1) > keys.length) {
      resize(keys.length * 2, -1, null);
    }
    insert(keys, states, hash, state);
    size++;
  }

  /** Calls {@code action} for every state. */
  void forEach(Consumer<SeriesState> action) {
    for (SeriesState s : states) {
      if (s != null) {
        action.accept(s);
      }
    }
  }

  /**
   * Keeps the states of scrape {@code generation}; hands every other one to {@code removed}.
   *
   * @param kept how many states are of that generation
   */
  void retain(int generation, int kept, Consumer<SeriesState> removed) {
    if (kept == size) {
      return;
    }
    int capacity = MIN_CAPACITY;
    while (capacity < 2 * kept) {
      capacity *= 2;
    }
    resize(capacity, generation, removed);
  }

  void clear() {
    keys = new long[MIN_CAPACITY];
    states = new SeriesState[MIN_CAPACITY];
    size = 0;
  }

  private void resize(int capacity, int keepGeneration, @Nullable Consumer<SeriesState> removed) {
    long[] k = new long[capacity];
    @Nullable SeriesState[] v = new SeriesState[capacity];
    int n = 0;
    for (int i = 0; i < states.length; i++) {
      SeriesState s = states[i];
      if (s == null) {
        continue;
      }
      if (removed == null || s.generation == keepGeneration) {
        insert(k, v, keys[i], s);
        n++;
      } else {
        removed.accept(s);
      }
    }
    keys = k;
    states = v;
    size = n;
  }

  private static void insert(long[] k, @Nullable SeriesState[] v, long hash, SeriesState state) {
    int mask = k.length - 1;
    int i = slot(hash, mask);
    while (v[i] != null) {
      i = (i + 1) & mask;
    }
    k[i] = hash;
    v[i] = state;
  }

  private static int slot(long hash, int mask) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }
}
