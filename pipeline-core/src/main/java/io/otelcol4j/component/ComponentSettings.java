package io.otelcol4j.component;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.metrics.MeterProvider;
import io.otelcol4j.telemetry.Logger;

/**
 * What the runtime injects into a component, as opposed to its {@code *Config}, which is only what
 * the user writes. Components take everything they need from here and reach for no globals.
 *
 * @param id the component's id
 * @param kind the component's kind
 * @param logger a logger whose records carry the component's kind and id
 * @param meterProvider the collector's own-telemetry meter provider
 * @param buildInfo what the running collector is
 * @param status where the component reports its health
 */
public record ComponentSettings(
    ComponentId id,
    Kind kind,
    Logger logger,
    MeterProvider meterProvider,
    BuildInfo buildInfo,
    StatusReporter status) {
  public ComponentSettings {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(logger, "logger");
    requireNonNull(meterProvider, "meterProvider");
    requireNonNull(buildInfo, "buildInfo");
    requireNonNull(status, "status");
  }

  /** Settings for a component built outside a collector: logs to stderr, no telemetry, no status. */
  public static ComponentSettings standalone(Kind kind, ComponentId id) {
    return new ComponentSettings(
        id,
        kind,
        Logger.stderr().with(kind.word(), id.toString()),
        MeterProvider.noop(),
        BuildInfo.current(),
        StatusReporter.NOOP);
  }
}
