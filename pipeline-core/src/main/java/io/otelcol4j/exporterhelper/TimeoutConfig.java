package io.otelcol4j.exporterhelper;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.config.ConfigNode;
import java.time.Duration;

/**
 * How long one attempt to send a batch may take: the exporter's {@code timeout} key, as the
 * collector's {@code exporterhelper.TimeoutConfig} has it.
 *
 * <pre>{@code
 * exporters:
 *   otlp:
 *     timeout: 10s
 * }</pre>
 *
 * @param timeout the limit of one send attempt (default {@value #DEFAULT_TIMEOUT_TEXT});
 *     {@link Duration#ZERO} means no limit
 */
public record TimeoutConfig(Duration timeout) {
  /** The key in the exporter's config. */
  public static final String KEY = "timeout";

  /** The default {@code timeout}, as written in config. */
  public static final String DEFAULT_TIMEOUT_TEXT = "5s";

  /** The default {@code timeout}: {@value #DEFAULT_TIMEOUT_TEXT}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public TimeoutConfig {
    requireNonNull(timeout, "timeout");
  }

  /** The collector's defaults. */
  public static TimeoutConfig defaults() {
    return new TimeoutConfig(DEFAULT_TIMEOUT);
  }

  /**
   * Binds the {@code timeout} key of an exporter's node; problems (e.g. a negative duration) are
   * recorded on the node.
   */
  public static TimeoutConfig from(ConfigNode exporterNode) {
    return new TimeoutConfig(exporterNode.duration(KEY, DEFAULT_TIMEOUT));
  }

  /** True when attempts are limited. */
  public boolean hasTimeout() {
    return !timeout.isZero();
  }
}
