package io.otelcol4j.prometheus.exposition;

/** What {@link ExpositionParser#next()} found: one line of the exposition, or its end. */
public enum Entry {
  /** A {@code # TYPE} line: {@link ExpositionParser#familyName()} and {@link ExpositionParser#familyType()}. */
  TYPE,
  /** A {@code # HELP} line: {@link ExpositionParser#familyName()} and {@link ExpositionParser#familyHelp()}. */
  HELP,
  /** An OpenMetrics {@code # UNIT} line: {@link ExpositionParser#familyName()} and {@link ExpositionParser#familyUnit()}. */
  UNIT,
  /** A sample: name, labels, value, optional timestamp and (OpenMetrics only) optional exemplar. */
  SAMPLE,
  /** A text-format comment line other than HELP or TYPE: {@link ExpositionParser#comment()}. */
  COMMENT,
  /**
   * The end of the exposition. For OpenMetrics it is returned for the {@code # EOF} line, which must
   * be the last line; for the text format at the end of the input. Every later call returns it again.
   */
  EOF
}
