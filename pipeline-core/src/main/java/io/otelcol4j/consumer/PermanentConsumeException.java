package io.otelcol4j.consumer;

import org.jspecify.annotations.Nullable;

/**
 * The data was not accepted and never will be: it is malformed or rejected by the backend as
 * invalid. Retrying the same data cannot help; the exporter helper does not retry it, and
 * receivers answer {@code INVALID_ARGUMENT}/400.
 */
public final class PermanentConsumeException extends ConsumeException {
  private static final long serialVersionUID = 1L;

  public PermanentConsumeException(String message) {
    super(message, null);
  }

  public PermanentConsumeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
