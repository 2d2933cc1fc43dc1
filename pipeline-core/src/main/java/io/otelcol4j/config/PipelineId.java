package io.otelcol4j.config;

import io.otelcol4j.component.Signal;

/**
 * A pipeline's id, {@code signal[/name]}, e.g. {@code traces/xray}.
 *
 * @param signal the signal the pipeline carries
 * @param name the name after {@code /}, or empty
 */
public record PipelineId(Signal signal, String name) {
  public static PipelineId of(Signal signal) {
    return new PipelineId(signal, "");
  }

  @Override
  public String toString() {
    return name.isEmpty() ? signal.configName() : signal.configName() + "/" + name;
  }
}
