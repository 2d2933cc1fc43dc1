/**
 * The {@code file} exporter: writes export requests to a local file, one OTLP/JSON request per line
 * or length-prefixed OTLP protobuf, buffered, with optional size-based rotation.
 */
@NullMarked
package io.otelcol4j.exporter.file;

import org.jspecify.annotations.NullMarked;
