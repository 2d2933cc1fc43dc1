package io.otelcol4j.config;

import io.otelcol4j.component.ComponentId;
import java.util.List;

/**
 * One pipeline: receivers fan in, processors run in order, exporters fan out.
 *
 * @param receivers the receivers feeding the pipeline, at least one
 * @param processors the processors, in order
 * @param exporters the exporters, at least one
 */
public record PipelineConfig(List<ComponentId> receivers, List<ComponentId> processors, List<ComponentId> exporters) {
  public PipelineConfig {
    receivers = List.copyOf(receivers);
    processors = List.copyOf(processors);
    exporters = List.copyOf(exporters);
  }
}
