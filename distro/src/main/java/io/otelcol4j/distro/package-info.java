/**
 * The runnable otelcol4j distribution: the command line ({@code run}, {@code validate},
 * {@code components}, {@code version}) over the library {@link io.otelcol4j.service.Collector},
 * packaged with every component as {@code otelcol4j.jar}. {@link io.otelcol4j.distro.Main} is the
 * only class in otelcol4j that calls {@code System.exit}.
 */
@NullMarked
package io.otelcol4j.distro;

import org.jspecify.annotations.NullMarked;
