package io.otelcol4j.prometheus.exposition;

/**
 * An exposition that does not follow its format. The message starts with the 1-based line number,
 * names what is wrong and, where it helps, what was expected, e.g. {@code line 12: invalid metric
 * type "meh" (expected: counter, gauge, histogram, summary or untyped)}. A scrape that raises it
 * is a failed scrape: no sample of the page should be used.
 */
public final class ParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  /**
   * @param line the 1-based line the problem is on
   * @param detail what is wrong, without the line prefix
   */
  public ParseException(int line, String detail) {
    super("line " + line + ": " + detail);
    this.line = line;
  }

  /** The 1-based line number of the offending line. */
  public int line() {
    return line;
  }
}
