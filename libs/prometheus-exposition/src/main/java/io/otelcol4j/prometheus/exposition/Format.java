package io.otelcol4j.prometheus.exposition;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The text exposition formats this module parses, and content negotiation between them. */
public enum Format {
  /** The Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}). */
  PROMETHEUS_TEXT_0_0_4("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0 text ({@code application/openmetrics-text; version=1.0.0}). */
  OPENMETRICS_1_0_0("application/openmetrics-text; version=1.0.0; charset=utf-8");

  /**
   * The {@code Accept} header Prometheus 2.x sends on a scrape: OpenMetrics 1.0 preferred, then
   * OpenMetrics 0.0.1, then the text format, then anything (parsed as the text format).
   */
  public static final String SCRAPE_ACCEPT_HEADER =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private final String contentType;

  Format(String contentType) {
    this.contentType = contentType;
  }

  /** The full media type with parameters, as a server serving this format sends it. */
  public String contentType() {
    return contentType;
  }

  /**
   * Chooses the parser for a response's {@code Content-Type}, as Prometheus does: {@code
   * application/openmetrics-text} (any version, parameters and case ignored) is OpenMetrics;
   * anything else, a missing or a malformed header included, is the text format 0.0.4.
   *
   * @param contentType the header value, or {@code null} when the response has none
   */
  public static Format forContentType(@Nullable String contentType) {
    if (contentType == null) {
      return PROMETHEUS_TEXT_0_0_4;
    }
    int semi = contentType.indexOf(';');
    String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    if (mediaType.toLowerCase(Locale.ROOT).equals("application/openmetrics-text")) {
      return OPENMETRICS_1_0_0;
    }
    return PROMETHEUS_TEXT_0_0_4;
  }
}
