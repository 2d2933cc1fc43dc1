package io.otelcol4j.consumer;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The data was not accepted, and sending it again later may succeed: a full queue, a memory limit,
 * a throttled or unreachable backend. Receivers answer {@code UNAVAILABLE}/503 (with the retry
 * delay when known) so the sender keeps the data and retries.
 */
public final class RetryableConsumeException extends ConsumeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  public RetryableConsumeException(String message) {
    this(message, null, null);
  }

  /**
   * @param retryAfter how long the sender should wait before retrying, when the refuser knows
   *     (e.g. from a backend's {@code Retry-After}); null when unknown
   */
  public RetryableConsumeException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /** The delay the refuser asks for, or null. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
