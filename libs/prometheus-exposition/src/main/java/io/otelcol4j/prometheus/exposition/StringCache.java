package io.otelcol4j.prometheus.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A direct-mapped cache from short byte sequences to their UTF-8 decoded {@link String}s, so that
 * metric names, label names and repeated label values ({@code mode="idle"}) are decoded once per
 * parser rather than once per sample. A collision simply replaces the slot. The table starts small
 * (a parser per scrape target adds up) and doubles, up to {@value #MAX_SLOTS} slots, while misses
 * keep outnumbering its size. Not thread-safe: one per parser.
 */
final class StringCache {
  private static final int MIN_SLOTS = 256; // powers of two
  static final int MAX_SLOTS = 4096;
  private static final int MAX_CACHED_LENGTH = 128;

  private byte[][] keys = new byte[MIN_SLOTS][];
  private String[] values = new String[MIN_SLOTS];
  private int misses;

  String get(byte[] b, int s, int e) {
    int len = e - s;
    if (len == 0) {
      return "";
    }
    if (len > MAX_CACHED_LENGTH) {
      return new String(b, s, len, StandardCharsets.UTF_8);
    }
    int h = 1;
    for (int i = s; i < e; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 16)) & (keys.length - 1);
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, b, s, e)) {
      return values[slot];
    }
    if (++misses > 2 * keys.length && keys.length < MAX_SLOTS) {
      grow();
      slot = (h ^ (h >>> 16)) & (keys.length - 1);
    }
    String v = new String(b, s, len, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOfRange(b, s, e);
    values[slot] = v;
    return v;
  }

  int slots() {
    return keys.length;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    String[] oldValues = values;
    keys = new byte[oldKeys.length * 2][];
    values = new String[keys.length];
    misses = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      byte[] k = oldKeys[i];
      if (k != null) {
        int h = 1;
        for (byte x : k) {
          h = 31 * h + x;
        }
        int slot = (h ^ (h >>> 16)) & (keys.length - 1);
        keys[slot] = k;
        values[slot] = oldValues[i];
      }
    }
  }
}
