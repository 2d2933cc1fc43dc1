package io.otelcol4j.exporterhelper;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.Scalars;
import java.time.Duration;

/**
 * Retry with exponential backoff: the exporter's {@code retry_on_failure} block, with the keys,
 * defaults and validation of the collector's {@code configretry.BackOffConfig}.
 *
 * <p>The n-th wait is drawn uniformly from {@code [i * (1 - randomization_factor), i * (1 +
 * randomization_factor)]} where {@code i = min(initial_interval * multiplier^(n-1),
 * max_interval)}; so, as upstream, a jittered wait may exceed {@code max_interval} by the
 * randomization factor. A server's {@code Retry-After} replaces the wait when it is longer.
 *
 * <pre>{@code
 * retry_on_failure:
 *   enabled: true
 *   initial_interval: 5s
 *   randomization_factor: 0.5
 *   multiplier: 1.5
 *   max_interval: 30s
 *   max_elapsed_time: 300s
 * }</pre>
 *
 * @param enabled whether failed sends are retried (default {@value #DEFAULT_ENABLED})
 * @param initialInterval the wait after the first failure (default 5s)
 * @param randomizationFactor the jitter, within [0, 1] (default {@value #DEFAULT_RANDOMIZATION_FACTOR})
 * @param multiplier how much the wait grows after each failure (default {@value #DEFAULT_MULTIPLIER})
 * @param maxInterval the cap of the un-jittered wait (default 30s)
 * @param maxElapsedTime how long a batch is retried before it is dropped (default 300s); zero
 *     retries forever
 */
public record RetryConfig(
    boolean enabled,
    Duration initialInterval,
    double randomizationFactor,
    double multiplier,
    Duration maxInterval,
    Duration maxElapsedTime) {
  /** The key of this block in the exporter's config. */
  public static final String KEY = "retry_on_failure";

  /** Default of {@code enabled}: {@value}. */
  public static final boolean DEFAULT_ENABLED = true;

  /** Default of {@code initial_interval}: 5s. */
  public static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(5);

  /** Default of {@code randomization_factor}: {@value}. */
  public static final double DEFAULT_RANDOMIZATION_FACTOR = 0.5;

  /** Default of {@code multiplier}: {@value}. */
  public static final double DEFAULT_MULTIPLIER = 1.5;

  /** Default of {@code max_interval}: 30s. */
  public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(30);

  /** Default of {@code max_elapsed_time}: 300s (5m). */
  public static final Duration DEFAULT_MAX_ELAPSED_TIME = Duration.ofSeconds(300);

  public RetryConfig {
    requireNonNull(initialInterval, "initialInterval");
    requireNonNull(maxInterval, "maxInterval");
    requireNonNull(maxElapsedTime, "maxElapsedTime");
  }

  /** The collector's defaults. */
  public static RetryConfig defaults() {
    return new RetryConfig(DEFAULT_ENABLED, DEFAULT_INITIAL_INTERVAL, DEFAULT_RANDOMIZATION_FACTOR, DEFAULT_MULTIPLIER,
        DEFAULT_MAX_INTERVAL, DEFAULT_MAX_ELAPSED_TIME);
  }

  /** Retries turned off. */
  public static RetryConfig disabled() {
    RetryConfig d = defaults();
    return new RetryConfig(false, d.initialInterval, d.randomizationFactor, d.multiplier, d.maxInterval, d.maxElapsedTime);
  }

  /**
   * Binds and validates a {@code retry_on_failure} node (absent: defaults). As upstream, the
   * values are checked even when {@code enabled} is false.
   */
  public static RetryConfig from(ConfigNode node) {
    boolean enabled = node.bool("enabled", DEFAULT_ENABLED);
    Duration initial = node.duration("initial_interval", DEFAULT_INITIAL_INTERVAL);
    double factor = node.doubleValue("randomization_factor", DEFAULT_RANDOMIZATION_FACTOR);
    double multiplier = node.doubleValue("multiplier", DEFAULT_MULTIPLIER);
    Duration maxInterval = node.duration("max_interval", DEFAULT_MAX_INTERVAL);
    Duration maxElapsed = node.duration("max_elapsed_time", DEFAULT_MAX_ELAPSED_TIME);
    if (!(factor >= 0 && factor <= 1)) {
      node.problem("randomization_factor", number(factor) + " (expected: a number within [0, 1])");
      factor = DEFAULT_RANDOMIZATION_FACTOR;
    }
    if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
      node.problem("multiplier", number(multiplier) + " (expected: a non-negative number)");
      multiplier = DEFAULT_MULTIPLIER;
    }
    if (!maxElapsed.isZero()) {
      if (maxElapsed.compareTo(initial) < 0) {
        node.problem("max_elapsed_time", Scalars.formatDuration(maxElapsed)
            + " (expected: 0 or not less than initial_interval (" + Scalars.formatDuration(initial) + "))");
      } else if (maxElapsed.compareTo(maxInterval) < 0) {
        node.problem("max_elapsed_time", Scalars.formatDuration(maxElapsed)
            + " (expected: 0 or not less than max_interval (" + Scalars.formatDuration(maxInterval) + "))");
      }
    }
    return new RetryConfig(enabled, initial, factor, multiplier, maxInterval, maxElapsed);
  }

  static String number(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
