package io.otelcol4j.extension.sigv4auth;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;

/**
 * Builds the {@code sigv4auth} extension, which signs exporter requests with AWS Signature Version
 * 4. The built component implements {@link io.otelcol4j.auth.HttpClientAuthenticator}; exporters
 * name it in {@code auth.authenticator}.
 */
public final class SigV4AuthExtensionFactory implements ExtensionFactory<SigV4AuthExtensionConfig> {
  /** The type used in config ids. */
  public static final String TYPE = "sigv4auth";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<SigV4AuthExtensionConfig> configClass() {
    return SigV4AuthExtensionConfig.class;
  }

  @Override
  public SigV4AuthExtensionConfig parseConfig(ConfigNode node) {
    return SigV4AuthExtensionConfig.from(node);
  }

  @Override
  public StabilityLevel stability() {
    return StabilityLevel.BETA;
  }

  @Override
  public Component create(ComponentSettings settings, SigV4AuthExtensionConfig config) {
    return SigV4AuthExtension.builder(config).logger(settings.logger()).build();
  }
}
