package io.otelcol4j.consumer;

import io.otelcol4j.component.Signal;
import java.util.List;

/**
 * An immutable batch of OTLP data of one signal. Immutable all the way down (protobuf messages and
 * an unmodifiable list), so fan-out to several consumers shares one instance with no copying; a
 * processor that changes data builds new messages for the parts it changes.
 *
 * @param <B> the concrete batch type, so {@link #merge} and {@link #split} return it
 */
public interface Batch<B extends Batch<B>> {
  /** The signal this batch carries. */
  Signal signal();

  /** Items: spans, metric data points or log records. Computed once at construction. */
  int itemCount();

  /** Number of top-level resource entries. */
  int resourceCount();

  /** True when the batch has no item. */
  default boolean isEmpty() {
    return itemCount() == 0;
  }

  /** Size of the batch as an OTLP export request in protobuf, in bytes (memoized by protobuf). */
  int serializedSize();

  /** The batch as the OTLP export request for its signal, in protobuf wire format. */
  byte[] toByteArray();

  /** This batch followed by {@code others}, as one batch. */
  B merge(List<B> others);

  /**
   * Splits into batches of at most {@code maxItems} items each, keeping order and splitting inside
   * resources and scopes where needed (resource and scope are repeated in each part).
   */
  List<B> split(int maxItems);
}
