package io.otelcol4j.processor.memorylimiter;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;

/**
 * Config of the {@code memory_limiter} processor, with the keys and validation of the collector's
 * {@code memorylimiterprocessor}. Limits apply to the JVM's used heap; the percentages are of the
 * JVM's maximum heap ({@code -Xmx}, {@link Runtime#maxMemory()}), where the collector takes them of
 * the total memory of the machine or cgroup: the heap is what a JVM can run out of.
 *
 * <p>Departure from the collector: upstream's defaults ({@code check_interval: 0s}, no limit) fail
 * validation, so the processor must always be configured. Our component kit requires an empty
 * config to be valid, so an empty config takes upstream's recommended values instead: checks every
 * {@value #DEFAULT_CHECK_INTERVAL_SECONDS}s with a hard limit of
 * {@value #DEFAULT_LIMIT_PERCENTAGE}% of the maximum heap. Explicitly invalid values are refused
 * with upstream's messages.
 *
 * @param checkInterval {@code check_interval}: time between measurements of heap usage; must be
 *     greater than zero; default {@value #DEFAULT_CHECK_INTERVAL_SECONDS}s
 * @param minGcIntervalWhenSoftLimited {@code min_gc_interval_when_soft_limited}: the least time
 *     between forced GCs while above the soft limit; default
 *     {@value #DEFAULT_MIN_GC_INTERVAL_WHEN_SOFT_LIMITED_SECONDS}s; zero means no minimum
 * @param minGcIntervalWhenHardLimited {@code min_gc_interval_when_hard_limited}: the least time
 *     between forced GCs while above the hard limit; default 0s (no minimum); must not exceed the
 *     soft one
 * @param limitMib {@code limit_mib}: the hard limit in MiB of used heap; default
 *     {@value #DEFAULT_LIMIT_MIB}, unset; takes precedence over {@code limit_percentage}
 * @param spikeLimitMib {@code spike_limit_mib}: the largest expected growth between two checks in
 *     MiB; the soft limit is {@code limit_mib - spike_limit_mib}; must be smaller than
 *     {@code limit_mib}; default {@value #DEFAULT_SPIKE_LIMIT_MIB}, meaning 20% of the limit
 * @param limitPercentage {@code limit_percentage}: the hard limit as a percentage of the maximum
 *     heap, used when {@code limit_mib} is 0; default {@value #DEFAULT_LIMIT_PERCENTAGE}
 * @param spikeLimitPercentage {@code spike_limit_percentage}: the spike limit as a percentage of
 *     the maximum heap, used with {@code limit_percentage}; must be smaller than it; default
 *     {@value #DEFAULT_SPIKE_LIMIT_PERCENTAGE}, meaning 20% of the limit
 */
public record MemoryLimiterProcessorConfig(
    Duration checkInterval,
    Duration minGcIntervalWhenSoftLimited,
    Duration minGcIntervalWhenHardLimited,
    int limitMib,
    int spikeLimitMib,
    int limitPercentage,
    int spikeLimitPercentage) implements ComponentConfig {

  /** Default {@code check_interval} in seconds: upstream's recommended value (upstream: none). */
  public static final int DEFAULT_CHECK_INTERVAL_SECONDS = 1;
  /** Default {@code min_gc_interval_when_soft_limited} in seconds, as upstream. */
  public static final int DEFAULT_MIN_GC_INTERVAL_WHEN_SOFT_LIMITED_SECONDS = 10;
  /** Default {@code limit_mib}: unset, so {@code limit_percentage} applies. */
  public static final int DEFAULT_LIMIT_MIB = 0;
  /** Default {@code spike_limit_mib}: unset, meaning 20% of the limit. */
  public static final int DEFAULT_SPIKE_LIMIT_MIB = 0;
  /** Default {@code limit_percentage} (upstream: none, so one of the limits must be set). */
  public static final int DEFAULT_LIMIT_PERCENTAGE = 80;
  /** Default {@code spike_limit_percentage}: unset, meaning 20% of the limit. */
  public static final int DEFAULT_SPIKE_LIMIT_PERCENTAGE = 0;

  static final String CHECK_INTERVAL_OUT_OF_RANGE = "'check_interval' must be greater than zero";
  static final String INCONSISTENT_GC_MIN_INTERVAL =
      "'min_gc_interval_when_soft_limited' should be larger than 'min_gc_interval_when_hard_limited'";
  static final String LIMIT_OUT_OF_RANGE = "'limit_mib' or 'limit_percentage' must be greater than zero";
  static final String SPIKE_LIMIT_OUT_OF_RANGE = "'spike_limit_mib' must be smaller than 'limit_mib'";
  static final String SPIKE_LIMIT_PERCENTAGE_OUT_OF_RANGE =
      "'spike_limit_percentage' must be smaller than 'limit_percentage'";
  static final String LIMIT_PERCENTAGE_OUT_OF_RANGE =
      "'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or equal to hundred";

  public MemoryLimiterProcessorConfig {
    requireNonNull(checkInterval, "checkInterval");
    requireNonNull(minGcIntervalWhenSoftLimited, "minGcIntervalWhenSoftLimited");
    requireNonNull(minGcIntervalWhenHardLimited, "minGcIntervalWhenHardLimited");
  }

  /** The default config, as an empty YAML map binds. */
  public static MemoryLimiterProcessorConfig defaults() {
    return new MemoryLimiterProcessorConfig(Duration.ofSeconds(DEFAULT_CHECK_INTERVAL_SECONDS),
        Duration.ofSeconds(DEFAULT_MIN_GC_INTERVAL_WHEN_SOFT_LIMITED_SECONDS), Duration.ZERO, DEFAULT_LIMIT_MIB,
        DEFAULT_SPIKE_LIMIT_MIB, DEFAULT_LIMIT_PERCENTAGE, DEFAULT_SPIKE_LIMIT_PERCENTAGE);
  }

  /**
   * Binds and validates; every problem is reported through {@code node}. A problem with one key is
   * reported at that key, one between keys at the processor; the messages are upstream's.
   */
  public static MemoryLimiterProcessorConfig from(ConfigNode node) {
    MemoryLimiterProcessorConfig d = defaults();
    Duration checkInterval = node.duration("check_interval", d.checkInterval());
    Duration soft = node.duration("min_gc_interval_when_soft_limited", d.minGcIntervalWhenSoftLimited());
    Duration hard = node.duration("min_gc_interval_when_hard_limited", d.minGcIntervalWhenHardLimited());
    int limitMib = nonNegative(node, "limit_mib", DEFAULT_LIMIT_MIB);
    int spikeLimitMib = nonNegative(node, "spike_limit_mib", DEFAULT_SPIKE_LIMIT_MIB);
    int limitPercentage = nonNegative(node, "limit_percentage", DEFAULT_LIMIT_PERCENTAGE);
    int spikeLimitPercentage = nonNegative(node, "spike_limit_percentage", DEFAULT_SPIKE_LIMIT_PERCENTAGE);

    // The collector's Validate(), in its order.
    if (checkInterval.isZero()) {
      node.problem("check_interval", CHECK_INTERVAL_OUT_OF_RANGE);
    }
    if (soft.compareTo(hard) < 0) {
      node.problem(null, INCONSISTENT_GC_MIN_INTERVAL);
    }
    if (limitMib == 0 && limitPercentage == 0) {
      node.problem(null, LIMIT_OUT_OF_RANGE);
    }
    if (limitPercentage > 100 || spikeLimitPercentage > 100) {
      node.problem(null, LIMIT_PERCENTAGE_OUT_OF_RANGE);
    }
    if (limitMib > 0 && limitMib <= spikeLimitMib) {
      node.problem(null, SPIKE_LIMIT_OUT_OF_RANGE);
    }
    // Our default limit_percentage must not make a config invalid that upstream accepts, so the
    // default only counts here when it is the limit in use.
    boolean percentageInUse = limitMib == 0 || node.has("limit_percentage");
    if (percentageInUse && limitPercentage > 0 && limitPercentage <= spikeLimitPercentage) {
      node.problem(null, SPIKE_LIMIT_PERCENTAGE_OUT_OF_RANGE);
    }
    return new MemoryLimiterProcessorConfig(checkInterval, soft, hard, limitMib, spikeLimitMib, limitPercentage,
        spikeLimitPercentage);
  }

  private static int nonNegative(ConfigNode node, String key, int defaultValue) {
    int v = node.intValue(key, defaultValue);
    if (v < 0) {
      node.problem(key, v + " (expected: a non-negative integer)");
      return defaultValue;
    }
    return v;
  }
}
