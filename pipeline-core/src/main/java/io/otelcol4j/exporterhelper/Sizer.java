package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.Batch;

/** How the sending queue and its batcher measure data, as the collector's {@code sizer} key. */
public enum Sizer {
  /** One per batch (a request to the backend). */
  REQUESTS,
  /** Spans, metric data points or log records. */
  ITEMS,
  /** The size of the batch as an OTLP protobuf request. */
  BYTES;

  /** The size of {@code batch} in this unit. */
  public long sizeOf(Batch<?> batch) {
    switch (this) {
      case REQUESTS:
        return 1;
      case ITEMS:
        return batch.itemCount();
      default:
        return batch.serializedSize();
    }
  }

  /** The name used in config: {@code requests}, {@code items} or {@code bytes}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
