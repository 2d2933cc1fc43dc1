/**
 * The {@code otlphttp} exporter: OTLP over HTTP/1.1 with the JDK client, protobuf or JSON, gzip,
 * per-signal URLs and the OTLP/HTTP status mapping (429/502/503/504 retryable with
 * {@code Retry-After}).
 */
@NullMarked
package io.otelcol4j.exporter.otlphttp;

import org.jspecify.annotations.NullMarked;
