/**
 * The {@code relabel} processor: applies Prometheus {@code metric_relabel_configs} to every metric
 * data point, renaming, rewriting attributes of and dropping points as Prometheus would.
 */
@NullMarked
package io.otelcol4j.processor.relabel;

import org.jspecify.annotations.NullMarked;
