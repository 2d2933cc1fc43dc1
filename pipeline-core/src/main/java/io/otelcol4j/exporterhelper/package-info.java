/** The exporter helper: sending queue (memory or persistent), retry with backoff, timeout, observability. */
@NullMarked
package io.otelcol4j.exporterhelper;

import org.jspecify.annotations.NullMarked;
