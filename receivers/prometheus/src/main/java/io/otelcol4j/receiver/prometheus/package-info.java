/**
 * The {@code prometheus} receiver: discovers targets from a Prometheus {@code scrape_configs}
 * section, scrapes them on a shared scheduler and turns each page into OTLP metrics, with start
 * times, reset detection and staleness markers.
 */
@NullMarked
package io.otelcol4j.receiver.prometheus;

import org.jspecify.annotations.NullMarked;
