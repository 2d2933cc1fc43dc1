/**
 * The {@code batch} processor: buffers data and passes it on in batches by size and time,
 * optionally one batcher per combination of request-metadata values.
 */
@NullMarked
package io.otelcol4j.processor.batch;

import org.jspecify.annotations.NullMarked;
