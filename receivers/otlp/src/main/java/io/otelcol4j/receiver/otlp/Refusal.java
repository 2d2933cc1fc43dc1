package io.otelcol4j.receiver.otlp;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.otelcol4j.consumer.Failures;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Why a request was not accepted, in the terms both transports answer with: OTLP's
 * {@code google.rpc.Status} (gRPC status, or HTTP error body) and an HTTP status code.
 *
 * <p>Pipeline refusals follow the consumer contract: permanent means bad data
 * ({@code INVALID_ARGUMENT}/400, not retried), anything else means try again later
 * ({@code UNAVAILABLE}/503, with {@code RetryInfo} and {@code Retry-After} when the refuser gave a
 * delay).
 */
record Refusal(Code code, int httpStatus, String message, @Nullable Duration retryAfter) {
  /** The body could not be decoded. */
  static Refusal malformed(String message) {
    return new Refusal(Code.INVALID_ARGUMENT, 400, message, null);
  }

  /** The body is over the configured limit (before or after decompression). */
  static Refusal tooLarge(String message) {
    return new Refusal(Code.RESOURCE_EXHAUSTED, 413, message, null);
  }

  /** The receiver cannot take more work right now (its worker queue is full). */
  static Refusal overloaded(String message) {
    return new Refusal(Code.UNAVAILABLE, 503, message, null);
  }

  /** The pipeline's refusal, classified by the consumer contract. */
  static Refusal of(Throwable t) {
    String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    if (Failures.isPermanent(t)) {
      return new Refusal(Code.INVALID_ARGUMENT, 400, message, null);
    }
    return new Refusal(Code.UNAVAILABLE, 503, message, Failures.retryAfter(t));
  }

  /** The OTLP error status, with a {@code RetryInfo} detail when a delay is known. */
  Status toStatus() {
    Status.Builder b = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    if (retryAfter != null) {
      b.addDetails(Any.pack(RetryInfo.newBuilder()
          .setRetryDelay(com.google.protobuf.Duration.newBuilder()
              .setSeconds(retryAfter.getSeconds())
              .setNanos(retryAfter.getNano()))
          .build()));
    }
    return b.build();
  }

  /** {@code Retry-After} in whole seconds, rounded up so the client never retries early; or null. */
  @Nullable String retryAfterHeader() {
    if (retryAfter == null) {
      return null;
    }
    long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Long.toString(s);
  }
}
