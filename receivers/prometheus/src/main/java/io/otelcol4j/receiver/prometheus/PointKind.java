package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.prometheus.exposition.MetricType;
import org.jspecify.annotations.Nullable;

/** The OTLP shape a Prometheus family becomes, as collector-contrib's prometheus receiver maps it. */
enum PointKind {
  /** counter: monotonic cumulative Sum. */
  COUNTER,
  /** gauge and unknown/untyped: Gauge. */
  GAUGE,
  /** info and stateset: non-monotonic cumulative Sum. */
  NON_MONOTONIC_SUM,
  HISTOGRAM,
  SUMMARY;

  /** The kind for a family type; null for gaugehistogram, which collector-contrib drops too. */
  static @Nullable PointKind of(MetricType type) {
    switch (type) {
      case COUNTER:
        return COUNTER;
      case HISTOGRAM:
        return HISTOGRAM;
      case SUMMARY:
        return SUMMARY;
      case INFO:
      case STATESET:
        return NON_MONOTONIC_SUM;
      case GAUGE_HISTOGRAM:
        return null;
      default:
        return GAUGE;
    }
  }

  boolean cumulative() {
    return this != GAUGE;
  }
}
