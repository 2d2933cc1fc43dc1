package io.otelcol4j.receiver.prometheus;

/**
 * What a target remembers of one OTLP series (a family plus a label set) between scrapes: enough
 * to write its start time, to detect a counter reset and to write a staleness marker when it goes
 * away. The label array holds the parser's cached strings, so it is shared across scrapes.
 */
final class SeriesState {
  final String family;
  final PointKind kind;
  /** Alternating names and values, sorted by name; job and instance included. */
  final String[] labels;
  long startNanos;
  long lastNanos;
  /** The value compared for resets: a counter's value, or a histogram's or summary's count. */
  double lastValue;

  SeriesState(String family, PointKind kind, String[] labels) {
    this.family = family;
    this.kind = kind;
    this.labels = labels;
  }
}
