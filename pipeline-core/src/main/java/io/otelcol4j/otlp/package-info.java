/**
 * OTLP encodings beyond the protobuf wire format: {@link io.otelcol4j.otlp.OtlpJson}, the
 * OTLP/JSON mapping used by OTLP/HTTP with {@code application/json}, the file exporter and tests.
 */
@NullMarked
package io.otelcol4j.otlp;

import org.jspecify.annotations.NullMarked;
