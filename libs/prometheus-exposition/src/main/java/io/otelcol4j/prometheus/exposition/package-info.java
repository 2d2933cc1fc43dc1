/**
 * Streaming pull parsers for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text,
 * the formats a Prometheus scrape answers with. {@link io.otelcol4j.prometheus.exposition.ExpositionParser}
 * is the entry point; {@link io.otelcol4j.prometheus.exposition.Format} chooses the parser from a
 * response's {@code Content-Type}.
 */
@NullMarked
package io.otelcol4j.prometheus.exposition;

import org.jspecify.annotations.NullMarked;
