package io.otelcol4j.config;

import io.otelcol4j.telemetry.Logger;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The collector's own telemetry, {@code service.telemetry}.
 *
 * @param metricsLevel {@code none} turns own metrics off; {@code basic}, {@code normal} and
 *     {@code detailed} are accepted as in the collector (all three currently export the same set)
 * @param metricsEndpoints {@code host:port} endpoints serving Prometheus text on {@code /metrics}:
 *     from {@code metrics.address} or the pull readers of {@code metrics.readers};
 *     {@value #DEFAULT_METRICS_ADDRESS} by default
 * @param logsLevel the minimum log level, {@code info} by default
 * @param logsEncoding {@code console} (default) or {@code json}
 */
public record TelemetryConfig(
    MetricsLevel metricsLevel, List<String> metricsEndpoints, Logger.Level logsLevel, String logsEncoding) {
  /** Where own metrics are served unless configured otherwise, as in the collector. */
  public static final String DEFAULT_METRICS_ADDRESS = "localhost:8888";

  /** The collector's metrics levels. */
  public enum MetricsLevel {
    NONE,
    BASIC,
    NORMAL,
    DETAILED
  }

  public TelemetryConfig {
    metricsEndpoints = List.copyOf(metricsEndpoints);
  }

  /** The defaults: normal metrics on {@value #DEFAULT_METRICS_ADDRESS}, info logs in console form. */
  public static TelemetryConfig defaults() {
    return new TelemetryConfig(MetricsLevel.NORMAL, List.of(DEFAULT_METRICS_ADDRESS), Logger.Level.INFO, "console");
  }

  /** The same with own metrics served on {@code address} (e.g. {@code 127.0.0.1:0} in tests). */
  public TelemetryConfig withMetricsAddress(@Nullable String address) {
    return new TelemetryConfig(metricsLevel, address == null ? List.of() : List.of(address), logsLevel, logsEncoding);
  }
}
