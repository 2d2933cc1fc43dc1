package io.otelcol4j.prometheus.exposition;

/** A metric family's type, as declared by a {@code # TYPE} line. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  /** OpenMetrics only. */
  GAUGE_HISTOGRAM("gaugehistogram"),
  SUMMARY("summary"),
  /** OpenMetrics only. */
  INFO("info"),
  /** OpenMetrics only. */
  STATESET("stateset"),
  /**
   * No or an unknown type: OpenMetrics {@code unknown}, text-format {@code untyped}, or samples that
   * follow no {@code # TYPE} line of their family.
   */
  UNKNOWN("unknown");

  private final String text;

  MetricType(String text) {
    this.text = text;
  }

  /** The OpenMetrics spelling, e.g. {@code gaugehistogram}. */
  public String text() {
    return text;
  }
}
