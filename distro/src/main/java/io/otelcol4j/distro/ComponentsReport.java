package io.otelcol4j.distro;

import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code otelcol4j components}: YAML in the shape of the collector's
 * {@code components} output ({@code buildinfo}, then one list per kind with {@code name} and
 * {@code stability}), with {@code origin} (the jar a factory came from) in place of the Go module
 * and {@code aliases} when a type has any. Stable order: kinds as the config lists them, types
 * sorted, signals sorted by name.
 */
final class ComponentsReport {
  private ComponentsReport() {}

  static String render(ComponentRegistry registry, BuildInfo info) {
    StringBuilder sb = new StringBuilder(1024);
    sb.append("buildinfo:\n");
    sb.append("  command: ").append(info.command()).append('\n');
    sb.append("  description: ").append(info.description()).append('\n');
    sb.append("  version: ").append(info.version()).append('\n');
    for (Kind kind : Kind.values()) {
      List<ComponentRegistry.Entry> entries = new ArrayList<>();
      for (String type : registry.types(kind)) {
        entries.add(registry.entry(kind, type));
      }
      sb.append(kind.section()).append(':');
      if (entries.isEmpty()) {
        sb.append(" []\n");
        continue;
      }
      sb.append('\n');
      for (ComponentRegistry.Entry e : entries) {
        ComponentFactory<?> f = e.factory();
        sb.append("  - name: ").append(f.type()).append('\n');
        if (!f.aliases().isEmpty()) {
          sb.append("    aliases: [").append(String.join(", ", f.aliases())).append("]\n");
        }
        sb.append("    origin: ").append(e.origin()).append('\n');
        sb.append("    stability:\n");
        for (Map.Entry<String, StabilityLevel> s : stability(f).entrySet()) {
          sb.append("      ").append(s.getKey()).append(": ").append(title(s.getValue())).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static Map<String, StabilityLevel> stability(ComponentFactory<?> f) {
    Map<String, StabilityLevel> m = new TreeMap<>();
    if (f instanceof ExtensionFactory) {
      m.put("extension", ((ExtensionFactory<?>) f).stability());
      return m;
    }
    for (Map.Entry<Signal, StabilityLevel> e : f.signals().entrySet()) {
      m.put(e.getKey().configName(), e.getValue());
    }
    return m;
  }

  /** As the collector prints levels: {@code Beta}, {@code Stable}, … */
  private static String title(StabilityLevel level) {
    String s = level.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
