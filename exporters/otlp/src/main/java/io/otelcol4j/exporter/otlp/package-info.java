/**
 * The {@code otlp} exporter: OTLP over gRPC, with the status-code mapping of the OTLP
 * specification, gzip, headers as metadata, TLS and one channel per exporter id.
 */
@NullMarked
package io.otelcol4j.exporter.otlp;

import org.jspecify.annotations.NullMarked;
