package io.otelcol4j.testing;

import io.opentelemetry.api.metrics.MeterProvider;
import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.StatusReporter;
import io.otelcol4j.telemetry.Logger;

/** Settings for components under test: no telemetry, logs captured or dropped. */
public final class TestSettings {
  private TestSettings() {}

  /** Settings with a no-op meter provider and logs dropped. */
  public static ComponentSettings of(Kind kind, String id) {
    return of(kind, ComponentId.parse(id), Logger.noop());
  }

  /** Settings logging to {@code logger}. */
  public static ComponentSettings of(Kind kind, ComponentId id, Logger logger) {
    return new ComponentSettings(id, kind, logger, MeterProvider.noop(), BuildInfo.current(), StatusReporter.NOOP);
  }

  /** Settings with a given meter provider, to assert own telemetry. */
  public static ComponentSettings of(Kind kind, ComponentId id, MeterProvider meterProvider) {
    return new ComponentSettings(id, kind, Logger.noop(), meterProvider, BuildInfo.current(), StatusReporter.NOOP);
  }
}
