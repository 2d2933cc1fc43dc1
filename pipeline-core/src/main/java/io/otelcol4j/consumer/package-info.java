/** The data contracts: immutable OTLP batches per signal, consumers, request context and failure classes. */
@NullMarked
package io.otelcol4j.consumer;

import org.jspecify.annotations.NullMarked;
