/**
 * The {@code debug} exporter: writes what it receives to the collector's log (or stdout) as a
 * one-line summary, one line per item, or the collector's full {@code otlptext} rendering.
 */
@NullMarked
package io.otelcol4j.exporter.debug;

import org.jspecify.annotations.NullMarked;
