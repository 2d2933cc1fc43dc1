package io.otelcol4j.receiver.prometheus;

/** A scrape that fails as a whole (limits, parse errors): the page's samples are discarded. */
final class ScrapeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  ScrapeFailure(String message) {
    super(message, null, false, false);
  }
}
