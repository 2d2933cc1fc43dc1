package io.otelcol4j.config;

import io.otelcol4j.component.ComponentId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code service} section: which extensions run, the pipelines, and own telemetry.
 *
 * @param extensions the extensions to start, in order
 * @param pipelines the pipelines by id, in config order
 * @param telemetry own telemetry settings
 */
public record ServiceConfig(List<ComponentId> extensions, Map<PipelineId, PipelineConfig> pipelines, TelemetryConfig telemetry) {
  public ServiceConfig {
    extensions = List.copyOf(extensions);
    pipelines = Collections.unmodifiableMap(new LinkedHashMap<>(pipelines));
  }
}
