package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.Batch;
import java.time.Duration;

/**
 * An exporter's send: pushes one batch to the backend. The exporter helper calls it from its
 * queue consumers (or the caller's thread without a queue), after batching and around retries.
 *
 * <p>Failures are classified by type:
 *
 * <ul>
 *   <li>{@link io.otelcol4j.consumer.PermanentConsumeException}: the backend rejected the data as
 *       invalid; it is dropped without retrying and counted as failed.
 *   <li>{@link io.otelcol4j.consumer.RetryableConsumeException}: throttled or unavailable; give the
 *       backend's {@code Retry-After}/{@code RetryInfo} delay as {@code retryAfter} when it sent one.
 *   <li>anything else: retryable.
 * </ul>
 *
 * <p>Called from several threads at once (one per queue consumer); implementations are thread-safe.
 *
 * @param <B> the batch type
 */
@FunctionalInterface
public interface Pusher<B extends Batch<B>> {
  /**
   * Sends {@code batch}, giving up after {@code timeout}.
   *
   * @param batch the data; immutable
   * @param timeout how long this attempt may take (the smaller of the configured {@code timeout}
   *     and the caller's deadline); {@link Duration#ZERO} means no limit
   * @throws Exception when the backend did not accept the data
   */
  void push(B batch, Duration timeout) throws Exception;
}
