package io.otelcol4j.component;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;

/**
 * An exporter instance: the end of a pipeline. {@code consume} returning normally means the data is
 * accepted (sent, or held in the exporter's queue); a retryable failure tells the caller to push
 * back, e.g. because the queue is full.
 */
public interface Exporter<B extends Batch<B>> extends Component, Consumer<B> {}
