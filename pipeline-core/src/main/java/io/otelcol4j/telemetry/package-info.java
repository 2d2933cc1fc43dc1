/** Own telemetry: the logging facade and the collector metrics served on {@code :8888}. */
@NullMarked
package io.otelcol4j.telemetry;

import org.jspecify.annotations.NullMarked;
