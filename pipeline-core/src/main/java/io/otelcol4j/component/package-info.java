/** The SPI: component ids, kinds, signals, factories, settings, the host and status. */
@NullMarked
package io.otelcol4j.component;

import org.jspecify.annotations.NullMarked;
