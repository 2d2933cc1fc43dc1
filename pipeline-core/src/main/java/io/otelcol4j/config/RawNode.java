package io.otelcol4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The config tree after parsing, merging and expansion: maps, lists and scalars, each remembering
 * where it was written so that errors can point at a file and line. Scalars keep their text; typed
 * reading happens in {@link ConfigNode}, so {@code ${env:PORT}} expanding to {@code 4317} binds as
 * an integer, as in the collector.
 */
final class RawNode {
  enum Type {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  final Type type;
  final @Nullable String source;
  final int line; // 1-based; 0 when unknown
  final LinkedHashMap<String, RawNode> map;
  final List<RawNode> list;
  final @Nullable String text;
  /** True for a quoted scalar: YAML says it is a string, never a number or bool. */
  final boolean quoted;

  private RawNode(Type type, @Nullable String source, int line, LinkedHashMap<String, RawNode> map,
      List<RawNode> list, @Nullable String text, boolean quoted) {
    this.type = type;
    this.source = source;
    this.line = line;
    this.map = map;
    this.list = list;
    this.text = text;
    this.quoted = quoted;
  }

  static RawNode map(@Nullable String source, int line) {
    return new RawNode(Type.MAP, source, line, new LinkedHashMap<>(), List.of(), null, false);
  }

  static RawNode list(@Nullable String source, int line) {
    return new RawNode(Type.LIST, source, line, new LinkedHashMap<>(), new ArrayList<>(), null, false);
  }

  static RawNode scalar(String text, boolean quoted, @Nullable String source, int line) {
    return new RawNode(Type.SCALAR, source, line, new LinkedHashMap<>(), List.of(), text, quoted);
  }

  static RawNode nullNode(@Nullable String source, int line) {
    return new RawNode(Type.NULL, source, line, new LinkedHashMap<>(), List.of(), null, false);
  }

  RawNode withText(String newText, boolean newQuoted) {
    return scalar(newText, newQuoted, source, line);
  }

  /** "config.yaml:14", or null when unknown. */
  @Nullable String location() {
    if (source == null) {
      return null;
    }
    return line > 0 ? source + ":" + line : source;
  }

  /**
   * Deep-merges {@code over} onto {@code base} as the collector merges several {@code --config}
   * files: maps merge key by key, anything else (lists, scalars) is replaced by the later value.
   */
  static RawNode merge(@Nullable RawNode base, RawNode over) {
    if (base == null || base.type != Type.MAP || over.type != Type.MAP) {
      return over;
    }
    RawNode out = map(base.source, base.line);
    out.map.putAll(base.map);
    for (Map.Entry<String, RawNode> e : over.map.entrySet()) {
      out.map.put(e.getKey(), merge(base.map.get(e.getKey()), e.getValue()));
    }
    return out;
  }

  /** Plain Java values: Map, List, String, Long, Double, Boolean or null. */
  @Nullable Object toPlain() {
    switch (type) {
      case MAP: {
        Map<String, Object> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, v.toPlain()));
        return m;
      }
      case LIST: {
        List<Object> l = new ArrayList<>();
        for (RawNode n : list) {
          l.add(n.toPlain());
        }
        return l;
      }
      case SCALAR:
        return quoted ? text : Scalars.plainValue(text);
      default:
        return null;
    }
  }

  String describe() {
    switch (type) {
      case MAP:
        return "a map";
      case LIST:
        return "a list";
      case NULL:
        return "null";
      default:
        return quoted ? "\"" + text + "\"" : text;
    }
  }
}
