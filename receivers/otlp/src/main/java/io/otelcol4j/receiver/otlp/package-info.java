/**
 * The {@code otlp} receiver: accepts traces, metrics and logs over OTLP/gRPC and OTLP/HTTP
 * (protobuf and JSON), one server per protocol shared by every signal and pipeline of one
 * receiver id. {@link io.otelcol4j.receiver.otlp.OtlpReceiverFactory} is the SPI entry point and
 * {@link io.otelcol4j.receiver.otlp.OtlpReceiverConfig} its config; everything else is
 * package-private.
 */
@NullMarked
package io.otelcol4j.receiver.otlp;

import org.jspecify.annotations.NullMarked;
