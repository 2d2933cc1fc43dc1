package io.otelcol4j.component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The immutable set of factories a collector can use, keyed by (kind, type) with aliases. Built
 * once at start-up by {@link ComponentLoader}; a type registered twice is a hard error naming both
 * classes and where they came from.
 */
public final class ComponentRegistry {
  /** A factory and where it was loaded from (a jar path, or "classpath"). */
  public record Entry(ComponentFactory<?> factory, String origin) {}

  /**
   * Types shipped by otelcol4j modules, with the artifact that provides each, so an unknown type
   * can say which jar to add when a slimmer build lacks it.
   */
  static final Map<String, String> KNOWN_ARTIFACTS = Map.ofEntries(
      Map.entry("extension:file_storage", "io.otelcol4j:extension-filestorage"),
      Map.entry("extension:health_check", "io.otelcol4j:extension-healthcheck"),
      Map.entry("exporter:debug", "io.otelcol4j:exporter-debug"),
      Map.entry("exporter:file", "io.otelcol4j:exporter-file"),
      Map.entry("receiver:otlp", "io.otelcol4j:receiver-otlp"),
      Map.entry("processor:batch", "io.otelcol4j:processor-batch"),
      Map.entry("processor:memory_limiter", "io.otelcol4j:processor-memorylimiter"),
      Map.entry("receiver:inprocess", "io.otelcol4j:receiver-inprocess"),
      Map.entry("exporter:otlp", "io.otelcol4j:exporter-otlp"),
      Map.entry("exporter:otlphttp", "io.otelcol4j:exporter-otlphttp"),
      Map.entry("exporter:prometheusremotewrite", "io.otelcol4j:exporter-prometheusremotewrite"),
      Map.entry("extension:sigv4auth", "io.otelcol4j:extension-sigv4auth"),
      Map.entry("processor:k8sattributes", "io.otelcol4j:processor-k8sattributes"),
      Map.entry("processor:relabel", "io.otelcol4j:processor-relabel"),
      Map.entry("receiver:prometheus", "io.otelcol4j:receiver-prometheus"));

  // Stricter than ComponentId.TYPE_PATTERN (which accepts what users may write): a factory's own
  // type and aliases are lower_snake_case, as the collector's component naming guideline asks.
  private static final java.util.regex.Pattern FACTORY_TYPE = java.util.regex.Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  private final Map<Kind, Map<String, Entry>> byType;
  private final Map<Kind, Map<String, Entry>> byAlias;

  private ComponentRegistry(Map<Kind, Map<String, Entry>> byType, Map<Kind, Map<String, Entry>> byAlias) {
    this.byType = byType;
    this.byAlias = byAlias;
  }

  /**
   * Builds a registry from factories with their origins.
   *
   * @throws IllegalStateException when two factories claim the same kind and type (or alias), or
   *     a type is malformed
   */
  public static ComponentRegistry of(List<Entry> entries) {
    Map<Kind, Map<String, Entry>> byType = new EnumMap<>(Kind.class);
    Map<Kind, Map<String, Entry>> byAlias = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      byType.put(k, new TreeMap<>());
      byAlias.put(k, new TreeMap<>());
    }
    List<String> errors = new ArrayList<>();
    for (Entry e : entries) {
      ComponentFactory<?> f = e.factory();
      String type = f.type();
      List<String> names = new ArrayList<>();
      names.add(type);
      names.addAll(f.aliases());
      boolean valid = true;
      for (String name : names) {
        if (!FACTORY_TYPE.matcher(name).matches()) {
          errors.add("factory " + f.getClass().getName() + " (" + e.origin() + ") has invalid "
              + (name.equals(type) ? "type" : "alias") + " \"" + name + "\" (expected: lower_snake_case)");
          valid = false;
        }
      }
      if (!valid) {
        continue;
      }
      for (String name : names) {
        Entry prev = byType.get(f.kind()).get(name);
        if (prev == null) {
          prev = byAlias.get(f.kind()).get(name);
        }
        if (prev != null) {
          errors.add("duplicate " + f.kind().word() + " factory \"" + name + "\": "
              + prev.factory().getClass().getName() + " (" + prev.origin() + ") and "
              + f.getClass().getName() + " (" + e.origin() + ")");
        }
      }
      byType.get(f.kind()).put(type, e);
      for (String alias : f.aliases()) {
        byAlias.get(f.kind()).put(alias, e);
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException(String.join("\n", errors));
    }
    return new ComponentRegistry(byType, byAlias);
  }

  /** A registry of exactly these factories, for embedders and tests. */
  public static ComponentRegistry of(ComponentFactory<?>... factories) {
    List<Entry> entries = new ArrayList<>();
    for (ComponentFactory<?> f : factories) {
      entries.add(new Entry(f, "programmatic"));
    }
    return of(entries);
  }

  /** The factory for a type or alias, or null. */
  public @Nullable ComponentFactory<?> factory(Kind kind, String typeOrAlias) {
    Entry e = entry(kind, typeOrAlias);
    return e == null ? null : e.factory();
  }

  /** The entry for a type or alias, or null. */
  public @Nullable Entry entry(Kind kind, String typeOrAlias) {
    Entry e = byType.get(kind).get(typeOrAlias);
    return e != null ? e : byAlias.get(kind).get(typeOrAlias);
  }

  /** The canonical types of one kind, sorted. */
  public Collection<String> types(Kind kind) {
    return Collections.unmodifiableSet(byType.get(kind).keySet());
  }

  /** Every entry, by kind then type. */
  public List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (Kind k : Kind.values()) {
      all.addAll(byType.get(k).values());
    }
    return all;
  }

  /**
   * The message for an unknown type: lists the known ones and, for a type otelcol4j ships in a jar
   * that is absent, names the artifact to add.
   */
  public String unknownTypeMessage(Kind kind, String type) {
    StringBuilder sb = new StringBuilder("unknown type \"").append(type).append("\" (expected one of: ");
    sb.append(byType.get(kind).isEmpty() ? "none are installed" : String.join(", ", byType.get(kind).keySet()));
    sb.append(')');
    String artifact = KNOWN_ARTIFACTS.get(kind.word() + ":" + type);
    if (artifact != null) {
      sb.append("; it is provided by ").append(artifact)
          .append(", which is not on the classpath or in the plugins folder");
    }
    return sb.toString();
  }
}
