package io.otelcol4j.config;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole, validated collector config: each component's config record by id, and the service.
 * Built by {@link ConfigLoader} from YAML, or directly by embedders.
 */
public record CollectorConfig(
    Map<ComponentId, ComponentConfig> receivers,
    Map<ComponentId, ComponentConfig> processors,
    Map<ComponentId, ComponentConfig> exporters,
    Map<ComponentId, ComponentConfig> extensions,
    ServiceConfig service) {
  public CollectorConfig {
    receivers = copy(receivers);
    processors = copy(processors);
    exporters = copy(exporters);
    extensions = copy(extensions);
  }

  private static Map<ComponentId, ComponentConfig> copy(Map<ComponentId, ComponentConfig> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The components of one kind. */
  public Map<ComponentId, ComponentConfig> components(Kind kind) {
    switch (kind) {
      case RECEIVER:
        return receivers;
      case PROCESSOR:
        return processors;
      case EXPORTER:
        return exporters;
      default:
        return extensions;
    }
  }
}
