package io.otelcol4j.component;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;

/** A processor instance: consumes a batch and passes what it produces to the next consumer. */
public interface Processor<B extends Batch<B>> extends Component, Consumer<B> {}
