package io.otelcol4j.component;

import java.util.Map;

/**
 * Builds extensions: components outside pipelines (health checks, storage, authenticators) that
 * other components find through {@link Host#extension(ComponentId, Class)}.
 *
 * @param <C> the config record
 */
public interface ExtensionFactory<C extends ComponentConfig> extends ComponentFactory<C> {
  @Override
  default Kind kind() {
    return Kind.EXTENSION;
  }

  /** Extensions carry no signal. */
  @Override
  default Map<Signal, StabilityLevel> signals() {
    return Map.of();
  }

  /** The extension's stability. */
  StabilityLevel stability();

  /** Builds the extension. */
  Component create(ComponentSettings settings, C config);
}
