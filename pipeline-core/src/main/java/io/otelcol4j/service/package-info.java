/** The runtime: the pipeline graph, its lifecycle, and the {@code Collector} library entry point. */
@NullMarked
package io.otelcol4j.service;

import org.jspecify.annotations.NullMarked;
