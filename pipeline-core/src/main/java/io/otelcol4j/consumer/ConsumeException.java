package io.otelcol4j.consumer;

/**
 * A consume failure with an explicit class: {@link RetryableConsumeException} or
 * {@link PermanentConsumeException}. Any other exception thrown by a consumer counts as retryable.
 */
public abstract class ConsumeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConsumeException(String message, Throwable cause) {
    super(message, cause);
  }
}
