package io.otelcol4j.consumer;

/**
 * Accepts batches of one signal. The per-signal interfaces ({@link TracesConsumer},
 * {@link MetricsConsumer}, {@link LogsConsumer}) are what receivers are given; this generic form
 * lets the pipeline graph and the exporter helper treat the three signals alike.
 *
 * <p>Contract: when {@code consume} returns normally the callee owns the data and is responsible
 * for it (sent, queued, or counted as dropped). When it throws, nothing was accepted and the caller
 * still owns the data: the exception is retryable unless it is, or wraps,
 * {@link PermanentConsumeException} (see {@link Failures#isPermanent(Throwable)}). Receivers map a
 * retryable failure to "try again later" (OTLP {@code UNAVAILABLE}/503) and a permanent one to
 * "bad data" ({@code INVALID_ARGUMENT}/400).
 *
 * <p>Threading: may be called from many threads at once; implementations are thread-safe. Calls
 * run synchronously through processors; queues and batchers are the only asynchronous boundaries.
 */
@FunctionalInterface
public interface Consumer<B extends Batch<B>> {
  /**
   * Consumes a batch.
   *
   * @param context the request's context: peer address, metadata, deadline
   * @param batch immutable data; never mutate it
   * @throws RuntimeException when the data is not accepted: retryable unless permanent
   */
  void consume(Context context, B batch);
}
