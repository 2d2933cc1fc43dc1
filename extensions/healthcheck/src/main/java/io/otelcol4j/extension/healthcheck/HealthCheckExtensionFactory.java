package io.otelcol4j.extension.healthcheck;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;

/**
 * Builds the {@code health_check} extension: an HTTP endpoint ({@code localhost:13133/} by default)
 * answering 200 while the collector runs and 503 otherwise, for liveness and readiness probes.
 */
public final class HealthCheckExtensionFactory implements ExtensionFactory<HealthCheckExtensionConfig> {
  /** The type used in config ids. */
  public static final String TYPE = "health_check";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<HealthCheckExtensionConfig> configClass() {
    return HealthCheckExtensionConfig.class;
  }

  @Override
  public HealthCheckExtensionConfig parseConfig(ConfigNode node) {
    return HealthCheckExtensionConfig.from(node);
  }

  @Override
  public StabilityLevel stability() {
    return StabilityLevel.BETA;
  }

  @Override
  public Component create(ComponentSettings settings, HealthCheckExtensionConfig config) {
    return new HealthCheckExtension(config, settings.logger());
  }
}
