package io.otelcol4j.prometheus.relabel;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mutable label set, sorted by name, that {@link Relabeler#process} rewrites in place; the Java
 * counterpart of Prometheus's {@code labels.Builder}.
 *
 * <p>Meant to be reused: {@link #reset()} it, {@link #set} the labels of one series, process,
 * read the result with {@link #size()}, {@link #name(int)} and {@link #value(int)}, and reset again
 * for the next series. Its arrays, its regex matchers and its scratch buffers are kept across
 * resets, so a warmed-up builder allocates little per series.
 *
 * <p>As in Prometheus, a label with an empty value does not exist: setting one to {@code ""}
 * removes it, and {@link #get} returns {@code ""} for an absent label. Names sort by Unicode code
 * point, as Prometheus sorts (byte-wise UTF-8).
 *
 * <p>Not thread-safe: use one builder per thread.
 */
public final class LabelsBuilder {
  private static final int INITIAL_CAPACITY = 16;

  private String[] names = new String[INITIAL_CAPACITY];
  private String[] values = new String[INITIAL_CAPACITY];
  // 0 for labels of the input ("base"); otherwise the order in which a rule set it. Prometheus's
  // Builder visits base labels in name order, then set labels in the order they were set, which
  // decides which of two labelmap sources wins a target name.
  private int[] order = new int[INITIAL_CAPACITY];
  private int size;
  private int nextOrder = 1;
  private boolean changed;

  // Snapshot for rules that visit every label while changing them (labelmap, labeldrop, labelkeep).
  private String[] snapshotNames = new String[INITIAL_CAPACITY];
  private String[] snapshotValues = new String[INITIAL_CAPACITY];

  // Per-builder scratch state, so that relabeling shares nothing mutable between threads.
  private Pattern[] matcherPatterns = new Pattern[4];
  private Matcher[] matchers = new Matcher[4];
  private int matcherCount;
  final StringBuilder scratch = new StringBuilder();
  private MessageDigest md5;

  public LabelsBuilder() {}

  /** A builder holding {@code labels} (empty values are skipped). */
  public static LabelsBuilder of(Map<String, String> labels) {
    LabelsBuilder b = new LabelsBuilder();
    labels.forEach(b::set);
    return b;
  }

  /** Removes every label; keeps the capacity and scratch state for reuse. */
  public LabelsBuilder reset() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    nextOrder = 1;
    changed = false;
    return this;
  }

  /** The value of {@code name}, or {@code ""} when it is absent. */
  public String get(String name) {
    int i = indexOf(name);
    return i >= 0 ? values[i] : "";
  }

  /** True when a label called {@code name} exists. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** Sets {@code name} to {@code value}; an empty value removes the label. */
  public LabelsBuilder set(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    if (value.isEmpty()) {
      return delete(name);
    }
    int i = indexOf(name);
    if (i >= 0) {
      if (!values[i].equals(value)) {
        values[i] = value;
        changed = true;
      }
      if (order[i] == 0) {
        order[i] = nextOrder++;
      }
      return this;
    }
    int at = -i - 1;
    grow(size + 1);
    System.arraycopy(names, at, names, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    System.arraycopy(order, at, order, at + 1, size - at);
    names[at] = name;
    values[at] = value;
    order[at] = nextOrder++;
    size++;
    changed = true;
    return this;
  }

  /** Removes {@code name} if present. */
  public LabelsBuilder delete(String name) {
    int i = indexOf(name);
    if (i >= 0) {
      System.arraycopy(names, i + 1, names, i, size - i - 1);
      System.arraycopy(values, i + 1, values, i, size - i - 1);
      System.arraycopy(order, i + 1, order, i, size - i - 1);
      size--;
      names[size] = null;
      values[size] = null;
      changed = true;
    }
    return this;
  }

  /** The number of labels. */
  public int size() {
    return size;
  }

  /** The name of the {@code i}-th label in name order. */
  public String name(int i) {
    checkIndex(i);
    return names[i];
  }

  /** The value of the {@code i}-th label in name order. */
  public String value(int i) {
    checkIndex(i);
    return values[i];
  }

  /** Calls {@code action} with every label in name order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(names[i], values[i]);
    }
  }

  /**
   * True when a label was added, removed or given another value since the labels were last taken
   * as input ({@link #reset()} or the start of {@link Relabeler#process}).
   */
  public boolean changed() {
    return changed;
  }

  /** The labels as a new sorted map; for tests and cold paths. */
  public Map<String, String> toMap() {
    Map<String, String> m = new TreeMap<>(LabelsBuilder::compareNames);
    forEach(m::put);
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }

  /** Takes the current labels as the input of a relabeling: all "base" labels, nothing changed. */
  void rebase() {
    Arrays.fill(order, 0, size, 0);
    nextOrder = 1;
    changed = false;
  }

  /**
   * Copies the labels into the snapshot arrays in the order Prometheus's {@code Builder.Range}
   * visits them: input labels by name, then labels set by rules in the order they were set.
   *
   * @return the number of labels copied
   */
  int snapshot() {
    if (snapshotNames.length < size) {
      snapshotNames = new String[names.length];
      snapshotValues = new String[names.length];
    }
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (order[i] == 0) {
        snapshotNames[n] = names[i];
        snapshotValues[n++] = values[i];
      }
    }
    int base = n;
    for (int i = 0; i < size; i++) {
      if (order[i] != 0) {
        // Insertion sort by order: few labels are set by rules.
        int j = n++;
        while (j > base && orderOf(snapshotNames[j - 1]) > order[i]) {
          snapshotNames[j] = snapshotNames[j - 1];
          snapshotValues[j] = snapshotValues[j - 1];
          j--;
        }
        snapshotNames[j] = names[i];
        snapshotValues[j] = values[i];
      }
    }
    return n;
  }

  private int orderOf(String name) {
    return order[indexOf(name)];
  }

  String snapshotName(int i) {
    return snapshotNames[i];
  }

  String snapshotValue(int i) {
    return snapshotValues[i];
  }

  /** This builder's matcher for {@code p}, reset to {@code input}. */
  Matcher matcher(Pattern p, String input) {
    for (int i = 0; i < matcherCount; i++) {
      if (matcherPatterns[i] == p) {
        return matchers[i].reset(input);
      }
    }
    if (matcherCount == matchers.length) {
      matcherPatterns = Arrays.copyOf(matcherPatterns, matcherCount * 2);
      matchers = Arrays.copyOf(matchers, matcherCount * 2);
    }
    Matcher m = p.matcher(input);
    matcherPatterns[matcherCount] = p;
    matchers[matcherCount++] = m;
    return m;
  }

  MessageDigest md5() {
    if (md5 == null) {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is required of every Java platform", e);
      }
    }
    return md5;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("index: " + i + " (expected: 0 <= index < " + size + ")");
    }
  }

  private void grow(int capacity) {
    if (capacity > names.length) {
      int n = Math.max(capacity, names.length * 2);
      names = Arrays.copyOf(names, n);
      values = Arrays.copyOf(values, n);
      order = Arrays.copyOf(order, n);
    }
  }

  /** Binary search; {@code -(insertion point) - 1} when absent. */
  private int indexOf(String name) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compareNames(names[mid], name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** Orders by Unicode code point, which is Prometheus's UTF-8 byte order, unlike String.compareTo. */
  static int compareNames(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
          // Surrogates (supplementary code points) sort after U+E000..U+FFFF.
          return fixup(x) - fixup(y);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static int fixup(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
