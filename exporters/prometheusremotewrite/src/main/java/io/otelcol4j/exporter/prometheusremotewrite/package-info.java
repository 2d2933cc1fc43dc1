/**
 * The {@code prometheusremotewrite} exporter: translates OTLP metrics to Prometheus time series
 * and sends them as snappy-compressed remote-write {@code WriteRequest}s.
 */
@NullMarked
package io.otelcol4j.exporter.prometheusremotewrite;

import org.jspecify.annotations.NullMarked;
