package io.otelcol4j.prometheus.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A direct-mapped cache from short byte sequences to their UTF-8 decoded {@link String}s, so that
 * metric names, label names and repeated label values ({@code mode="idle"}) are decoded once per
 * parser rather than once per sample. A collision simply replaces the slot. Not thread-safe: one
 * per parser.
 */
final class StringCache {
  private static final int SLOTS = 4096; // power of two
  private static final int MAX_CACHED_LENGTH = 128;

  private final byte[][] keys = new byte[SLOTS][];
  private final String[] values = new String[SLOTS];

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
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, b, s, e)) {
      return values[slot];
    }
    String v = new String(b, s, len, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOfRange(b, s, e);
    values[slot] = v;
    return v;
  }
}
