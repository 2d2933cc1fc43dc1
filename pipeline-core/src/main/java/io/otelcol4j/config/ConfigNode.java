package io.otelcol4j.config;

import io.otelcol4j.component.ComponentId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A path-aware view of one node of the config tree, used by config records to bind themselves
 * explicitly: {@code node.duration("timeout", DEFAULT_TIMEOUT)}.
 *
 * <p>Binding is strict and never throws for bad input: a wrong type or invalid value is recorded
 * as a problem naming the YAML path (and file and line), and the default is returned so binding
 * goes on and finds every problem in one pass. Keys the binder asks for are remembered; after
 * binding, {@link #reportUnknownKeys()} turns every key nobody asked for into an "unknown key"
 * error with the nearest known key suggested. A missing key, or one set to null ({@code key:} or
 * {@code key: ~}), takes the default, as in the collector.
 *
 * <p>Not thread-safe: bind on one thread.
 */
public final class ConfigNode {
  private final @Nullable RawNode raw;
  // Where the parent was written: an absent child (a missing section) still names its file and line.
  private final @Nullable String fallbackLocation;
  private final String path;
  private final ConfigProblems problems;
  private final Set<String> askedKeys = new LinkedHashSet<>();
  private final List<ConfigNode> children = new ArrayList<>();
  private boolean consumedWhole;

  ConfigNode(@Nullable RawNode raw, String path, ConfigProblems problems) {
    this(raw, path, problems, null);
  }

  private ConfigNode(@Nullable RawNode raw, String path, ConfigProblems problems, @Nullable String fallbackLocation) {
    this.fallbackLocation = raw != null ? raw.location() : fallbackLocation;
    this.raw = raw != null && raw.type == RawNode.Type.NULL ? null : raw;
    this.path = path;
    this.problems = problems;
  }

  /** An absent node: every read returns its default. For default configs and programmatic use. */
  public static ConfigNode empty(String path) {
    return new ConfigNode(null, path, new ConfigProblems());
  }

  /**
   * Parses YAML text into a node, for tests and embedders; problems go to {@code problems}.
   *
   * @param name the source name used in locations, e.g. {@code config.yaml}
   */
  public static ConfigNode fromYaml(String yaml, String name, String path, ConfigProblems problems) {
    RawNode root = YamlParser.parse(yaml, name, problems);
    return new ConfigNode(root, path, problems);
  }

  /** The YAML path of this node, e.g. {@code exporters.otlp/backend.sending_queue}. */
  public String path() {
    return path;
  }

  /**
   * {@code file:line} where this node was written; for an absent node, where its parent was
   * written (so "missing section" errors still name a file); null when unknown.
   */
  public @Nullable String location() {
    return raw == null ? fallbackLocation : raw.location();
  }

  /** True when the node exists and is not null. */
  public boolean isPresent() {
    return raw != null;
  }

  /** True when this is a map with {@code key} set to a non-null value. */
  public boolean has(String key) {
    RawNode v = rawChild(key);
    return v != null && v.type != RawNode.Type.NULL;
  }

  /** The keys written in this map, in order; empty when this is not a map. Marks nothing read. */
  public Set<String> keys() {
    return raw != null && raw.type == RawNode.Type.MAP
        ? Collections.unmodifiableSet(raw.map.keySet())
        : Set.of();
  }

  /** The problem collector this node reports to. */
  public ConfigProblems problems() {
    return problems;
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private @Nullable RawNode rawChild(String key) {
    if (raw == null || raw.type != RawNode.Type.MAP) {
      return null;
    }
    return raw.map.get(key);
  }

  /** The value for a key; records the key as known. Null when absent or null. */
  private @Nullable RawNode value(String key) {
    askedKeys.add(key);
    if (raw != null && raw.type != RawNode.Type.MAP) {
      return null;
    }
    RawNode v = rawChild(key);
    return v == null || v.type == RawNode.Type.NULL ? null : v;
  }

  /** Records a problem at {@code path.key} (or this node when key is null). */
  public void problem(@Nullable String key, String message) {
    if (key == null) {
      problems.error(path, message, location());
      return;
    }
    RawNode v = rawChild(key);
    problems.error(childPath(key), message, v != null ? v.location() : location());
  }

  /** Records a warning at {@code path.key} (or this node when key is null). */
  public void warning(@Nullable String key, String message) {
    RawNode v = key == null ? raw : rawChild(key);
    problems.warn(key == null ? path : childPath(key), message, v != null ? v.location() : location());
  }

  private void wrongType(String key, RawNode v, String expected) {
    problem(key, v.describe() + " (expected: " + expected + ")");
  }

  private @Nullable String scalar(String key, String expected) {
    RawNode v = value(key);
    if (v == null) {
      return null;
    }
    if (v.type != RawNode.Type.SCALAR) {
      wrongType(key, v, expected);
      return null;
    }
    return v.text;
  }

  /** A string; numbers and bools are taken as their text. */
  public String string(String key, String defaultValue) {
    String s = scalar(key, "a string");
    return s == null ? defaultValue : s;
  }

  /** A string, or null when absent. */
  public @Nullable String stringOrNull(String key) {
    return scalar(key, "a string");
  }

  /** A string that must be one of {@code allowed}. */
  public String oneOf(String key, String defaultValue, String... allowed) {
    String s = scalar(key, "one of " + String.join(", ", allowed));
    if (s == null) {
      return defaultValue;
    }
    for (String a : allowed) {
      if (a.equals(s)) {
        return s;
      }
    }
    problem(key, "\"" + s + "\" (expected: one of " + String.join(", ", allowed) + ")");
    return defaultValue;
  }

  /** An enum constant named by its lower-case name. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    E[] constants = type.getEnumConstants();
    String[] names = new String[constants.length];
    for (int i = 0; i < constants.length; i++) {
      names[i] = constants[i].name().toLowerCase(Locale.ROOT);
    }
    String s = oneOf(key, defaultValue.name().toLowerCase(Locale.ROOT), names);
    return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
  }

  public long longValue(String key, long defaultValue) {
    String s = scalar(key, "an integer");
    if (s == null) {
      return defaultValue;
    }
    Long l = Scalars.parseLong(s);
    if (l == null) {
      problem(key, quote(s) + " (expected: an integer)");
      return defaultValue;
    }
    return l;
  }

  public int intValue(String key, int defaultValue) {
    long l = longValue(key, defaultValue);
    if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
      problem(key, l + " (expected: an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ")");
      return defaultValue;
    }
    return (int) l;
  }

  public double doubleValue(String key, double defaultValue) {
    String s = scalar(key, "a number");
    if (s == null) {
      return defaultValue;
    }
    Double d = Scalars.parseDouble(s);
    if (d == null) {
      problem(key, quote(s) + " (expected: a number)");
      return defaultValue;
    }
    return d;
  }

  public boolean bool(String key, boolean defaultValue) {
    String s = scalar(key, "true or false");
    if (s == null) {
      return defaultValue;
    }
    Boolean b = Scalars.parseBool(s);
    if (b == null) {
      problem(key, quote(s) + " (expected: true or false)");
      return defaultValue;
    }
    return b;
  }

  /** A duration as Go writes it: {@code 5s}, {@code 1m30s}, {@code 250ms}; negative values are errors. */
  public Duration duration(String key, Duration defaultValue) {
    String s = scalar(key, "a duration, e.g. 5s");
    if (s == null) {
      return defaultValue;
    }
    Duration d = Scalars.parseDuration(s);
    if (d == null) {
      problem(key, quote(s) + " (expected: a duration, e.g. 5s, 1m30s, 250ms)");
      return defaultValue;
    }
    if (d.isNegative()) {
      problem(key, quote(s) + " (expected: a non-negative duration, e.g. 5s)");
      return defaultValue;
    }
    return d;
  }

  /** A size in bytes: an integer or a number with a unit ({@code 64MiB}, {@code 10MB}). */
  public long bytes(String key, long defaultValue) {
    String s = scalar(key, "a size in bytes, e.g. 1048576 or 1MiB");
    if (s == null) {
      return defaultValue;
    }
    Long l = Scalars.parseSize(s);
    if (l == null) {
      problem(key, quote(s) + " (expected: a size in bytes, e.g. 1048576 or 1MiB)");
      return defaultValue;
    }
    return l;
  }

  /** A component id such as {@code file_storage/queue}, or the default when absent. */
  public @Nullable ComponentId componentId(String key, @Nullable ComponentId defaultValue) {
    String s = scalar(key, "a component id, e.g. file_storage/queue");
    if (s == null) {
      return defaultValue;
    }
    try {
      return ComponentId.parse(s);
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return defaultValue;
    }
  }

  /** A list of strings; a single scalar is an error. */
  public List<String> stringList(String key, List<String> defaultValue) {
    RawNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    if (v.type != RawNode.Type.LIST) {
      wrongType(key, v, "a list of strings");
      return defaultValue;
    }
    List<String> out = new ArrayList<>(v.list.size());
    for (int i = 0; i < v.list.size(); i++) {
      RawNode item = v.list.get(i);
      if (item.type != RawNode.Type.SCALAR) {
        problems.error(childPath(key) + "[" + i + "]", item.describe() + " (expected: a string)", item.location());
      } else {
        out.add(item.text);
      }
    }
    return List.copyOf(out);
  }

  /** A map of strings to strings, such as {@code headers}; keys are kept as written. */
  public Map<String, String> stringMap(String key) {
    RawNode v = value(key);
    if (v == null) {
      return Map.of();
    }
    if (v.type != RawNode.Type.MAP) {
      wrongType(key, v, "a map of strings");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.map.forEach((k, item) -> {
      if (item.type == RawNode.Type.SCALAR) {
        out.put(k, item.text);
      } else if (item.type == RawNode.Type.NULL) {
        out.put(k, "");
      } else {
        problems.error(childPath(key) + "." + k, item.describe() + " (expected: a string)", item.location());
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /**
   * The child map at {@code key}, for nested config blocks. Absent or null gives an absent node
   * (all defaults); a scalar or list is a type error.
   */
  public ConfigNode child(String key) {
    RawNode v = value(key);
    if (v != null && v.type != RawNode.Type.MAP) {
      wrongType(key, v, "a map");
      v = null;
    }
    ConfigNode c = new ConfigNode(v, childPath(key), problems, location());
    children.add(c);
    return c;
  }

  /** The items of the list at {@code key}, each a node with path {@code key[i]}. */
  public List<ConfigNode> list(String key) {
    RawNode v = value(key);
    if (v == null) {
      return List.of();
    }
    if (v.type != RawNode.Type.LIST) {
      wrongType(key, v, "a list");
      return List.of();
    }
    List<ConfigNode> out = new ArrayList<>(v.list.size());
    for (int i = 0; i < v.list.size(); i++) {
      ConfigNode c = new ConfigNode(v.list.get(i), childPath(key) + "[" + i + "]", problems);
      children.add(c);
      out.add(c);
    }
    return out;
  }

  /**
   * Every entry of this map as a child node, for maps whose keys the user chooses (component ids,
   * pipeline ids). Marks every key as known.
   */
  public Map<String, ConfigNode> entries() {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    if (raw.type != RawNode.Type.MAP) {
      problems.error(path, raw.describe() + " (expected: a map)", location());
      return out;
    }
    for (Map.Entry<String, RawNode> e : raw.map.entrySet()) {
      askedKeys.add(e.getKey());
      RawNode v = e.getValue();
      ConfigNode c = new ConfigNode(v, childPath(e.getKey()), problems, location());
      children.add(c);
      out.put(e.getKey(), c);
    }
    return out;
  }

  /** This node's own scalar text, or null when it is absent or not a scalar. */
  public @Nullable String asString() {
    return raw != null && raw.type == RawNode.Type.SCALAR ? raw.text : null;
  }

  /** What this node is, for messages: "a map", "a list", a scalar's text, or "null". */
  String describe() {
    return raw == null ? "null" : raw.describe();
  }

  /** True when this node is a map (an absent node is not). */
  public boolean isMap() {
    return raw != null && raw.type == RawNode.Type.MAP;
  }

  /**
   * The value at {@code key} as plain Java values (Map, List, String, Long, Double, Boolean), for
   * blocks bound by another schema, e.g. a Prometheus {@code config:}. The whole subtree counts as
   * read.
   */
  public @Nullable Object raw(String key) {
    RawNode v = value(key);
    return v == null ? null : v.toPlain();
  }

  /** This whole node as plain Java values; the subtree counts as read. */
  public @Nullable Object toPlain() {
    consumedWhole = true;
    return raw == null ? null : raw.toPlain();
  }

  /**
   * Reports every key of this node and of the child nodes handed out that no binder asked for, as
   * "unknown key" errors with the nearest known key suggested.
   */
  public void reportUnknownKeys() {
    if (consumedWhole) {
      return;
    }
    if (raw != null && raw.type == RawNode.Type.MAP) {
      for (Map.Entry<String, RawNode> e : raw.map.entrySet()) {
        if (!askedKeys.contains(e.getKey())) {
          problems.error(childPath(e.getKey()), unknownKeyMessage(e.getKey(), askedKeys), e.getValue().location());
        }
      }
    }
    for (ConfigNode c : children) {
      c.reportUnknownKeys();
    }
  }

  static String unknownKeyMessage(String key, Set<String> known) {
    if (known.isEmpty()) {
      return "unknown key (expected: no keys here)";
    }
    String nearest = Suggestions.nearest(key, known);
    String list = String.join(", ", new TreeSet<>(known));
    return nearest == null
        ? "unknown key (expected one of: " + list + ")"
        : "unknown key; did you mean \"" + nearest + "\"? (expected one of: " + list + ")";
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
