package io.otelcol4j.prometheus.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The labels of the current sample (or exemplar): a reusable view over the parser's input, in the
 * order they were written. Names and values are decoded lazily, on first access, and short ones
 * come from a per-parser cache, so a sample whose labels are never read costs no {@code String}.
 *
 * <p>Valid only until the next {@link ExpositionParser#next()}: copy what you keep (e.g. with
 * {@link #toMap()}). Not thread-safe.
 */
public final class Labels {
  // Per label: name start, name end, value start, value end (between the quotes, still escaped).
  private int[] offsets = new int[4 * 16];
  private boolean[] escaped = new boolean[16];
  private @Nullable String[] names = new String[16];
  private @Nullable String[] values = new String[16];
  private int size;
  private byte[] buf = new byte[0];
  private final StringCache cache;

  Labels(StringCache cache) {
    this.cache = cache;
  }

  /** The number of labels. */
  public int size() {
    return size;
  }

  /** The name of label {@code i} (0-based, in input order). */
  public String name(int i) {
    checkIndex(i);
    String n = names[i];
    if (n == null) {
      n = cache.get(buf, offsets[4 * i], offsets[4 * i + 1]);
      names[i] = n;
    }
    return n;
  }

  /** The unescaped value of label {@code i} (0-based, in input order). */
  public String value(int i) {
    checkIndex(i);
    String v = values[i];
    if (v == null) {
      int s = offsets[4 * i + 2];
      int e = offsets[4 * i + 3];
      v = escaped[i] ? unescape(buf, s, e) : cache.get(buf, s, e);
      values[i] = v;
    }
    return v;
  }

  /** The value of the label named {@code name}, or {@code null} when there is none. */
  public @Nullable String get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : value(i);
  }

  /** The index of the label named {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < size; i++) {
      if (nameEquals(i, name)) {
        return i;
      }
    }
    return -1;
  }

  /** A copy of the labels, in input order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      m.put(name(i), value(i));
    }
    return m;
  }

  /** The labels as written in the text formats, e.g. {@code {a="1",b="x\"y"}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append('{');
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(name(i)).append("=\"");
      String v = value(i);
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '"' -> sb.append("\\\"");
          case '\n' -> sb.append("\\n");
          default -> sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  // ---- package-private, for the parsers ----

  void reset(byte[] input) {
    this.buf = input;
    clear();
  }

  void clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  /** Adds a label; returns false (and adds nothing) when the name is already present. */
  boolean add(int nameStart, int nameEnd, int valueStart, int valueEnd, boolean hasEscape) {
    int len = nameEnd - nameStart;
    for (int i = 0; i < size; i++) {
      int s = offsets[4 * i];
      int e = offsets[4 * i + 1];
      if (e - s == len && Arrays.equals(buf, s, e, buf, nameStart, nameEnd)) {
        return false;
      }
    }
    if (size == escaped.length) {
      int n = size * 2;
      offsets = Arrays.copyOf(offsets, 4 * n);
      escaped = Arrays.copyOf(escaped, n);
      names = Arrays.copyOf(names, n);
      values = Arrays.copyOf(values, n);
    }
    int o = 4 * size;
    offsets[o] = nameStart;
    offsets[o + 1] = nameEnd;
    offsets[o + 2] = valueStart;
    offsets[o + 3] = valueEnd;
    escaped[size] = hasEscape;
    size++;
    return true;
  }

  boolean nameEquals(int i, String name) {
    int s = offsets[4 * i];
    int e = offsets[4 * i + 1];
    if (e - s != name.length()) {
      return false;
    }
    for (int k = 0; k < name.length(); k++) {
      if (buf[s + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  boolean nameEquals(int i, byte[] name) {
    int s = offsets[4 * i];
    int e = offsets[4 * i + 1];
    return Arrays.equals(buf, s, e, name, 0, name.length);
  }

  int valueStart(int i) {
    return offsets[4 * i + 2];
  }

  int valueEnd(int i) {
    return offsets[4 * i + 3];
  }

  boolean escaped(int i) {
    return escaped[i];
  }

  /** An order-independent 64-bit hash of all labels but {@code skip} (-1 for none). */
  long hashExcept(int skip) {
    long h = 0;
    for (int i = 0; i < size; i++) {
      if (i != skip) {
        long x = hash(offsets[4 * i], offsets[4 * i + 1]) * 0x9E3779B97F4A7C15L
            + hash(offsets[4 * i + 2], offsets[4 * i + 3]);
        h += mix(x);
      }
    }
    return h;
  }

  private long hash(int s, int e) {
    long h = 0xcbf29ce484222325L; // FNV-1a
    for (int i = s; i < e; i++) {
      h = (h ^ (buf[i] & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("label index " + i + " (expected: 0 <= i < " + size + ")");
    }
  }

  /** Unescapes {@code \\}, {@code \"} and {@code \n}; any other escape is kept as written. */
  static String unescape(byte[] b, int s, int e) {
    byte[] out = new byte[e - s];
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e) {
        byte d = b[i + 1];
        if (d == '\\' || d == '"') {
          out[n++] = d;
          i++;
          continue;
        }
        if (d == 'n') {
          out[n++] = '\n';
          i++;
          continue;
        }
      }
      out[n++] = c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
