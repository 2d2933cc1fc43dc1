package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;

/**
 * Turns batches into bytes and back, for the persistent sending queue. The provided codecs use
 * the OTLP protobuf export request of each signal, so queue files are readable by any OTLP tool.
 *
 * @param <B> the batch type
 */
public interface BatchCodec<B extends Batch<B>> {
  /** OTLP {@code ExportTraceServiceRequest} bytes. */
  BatchCodec<TracesBatch> TRACES = of(TracesBatch::toByteArray, TracesBatch::parseFrom);

  /** OTLP {@code ExportMetricsServiceRequest} bytes. */
  BatchCodec<MetricsBatch> METRICS = of(MetricsBatch::toByteArray, MetricsBatch::parseFrom);

  /** OTLP {@code ExportLogsServiceRequest} bytes. */
  BatchCodec<LogsBatch> LOGS = of(LogsBatch::toByteArray, LogsBatch::parseFrom);

  /** The bytes of {@code batch}. */
  byte[] encode(B batch);

  /**
   * The batch encoded in {@code bytes}.
   *
   * @throws Exception when the bytes are not a valid encoding (a corrupt queue entry)
   */
  B decode(byte[] bytes) throws Exception;

  /** A codec from two functions. */
  static <B extends Batch<B>> BatchCodec<B> of(java.util.function.Function<B, byte[]> encoder, Decoder<B> decoder) {
    return new BatchCodec<>() {
      @Override
      public byte[] encode(B batch) {
        return encoder.apply(batch);
      }

      @Override
      public B decode(byte[] bytes) throws Exception {
        return decoder.decode(bytes);
      }
    };
  }

  /** Parses bytes into a batch. */
  @FunctionalInterface
  interface Decoder<B> {
    B decode(byte[] bytes) throws Exception;
  }
}
