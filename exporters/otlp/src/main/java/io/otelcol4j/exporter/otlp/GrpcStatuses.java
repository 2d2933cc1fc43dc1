package io.otelcol4j.exporter.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.otelcol4j.consumer.ConsumeException;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Maps a failed Export call to our failure classes, as the OTLP specification ("OTLP/gRPC
 * Throttling" and "Failures") and upstream's {@code otlpexporter} do: {@code CANCELLED},
 * {@code DEADLINE_EXCEEDED}, {@code ABORTED}, {@code OUT_OF_RANGE}, {@code UNAVAILABLE} and
 * {@code DATA_LOSS} are retryable; {@code RESOURCE_EXHAUSTED} is retryable only when the status
 * carries a {@code google.rpc.RetryInfo} (the server can recover); every other code is permanent.
 * A RetryInfo delay becomes the retry-after of the failure.
 */
final class GrpcStatuses {
  private GrpcStatuses() {}

  static ConsumeException classify(StatusRuntimeException e) {
    Status status = e.getStatus();
    Duration retryAfter = retryDelay(e);
    String message = "rpc error: code = " + status.getCode() + " desc = " + status.getDescription();
    switch (status.getCode()) {
      case CANCELLED:
      case DEADLINE_EXCEEDED:
      case ABORTED:
      case OUT_OF_RANGE:
      case UNAVAILABLE:
      case DATA_LOSS:
        return new RetryableConsumeException(message, retryAfter, e);
      case RESOURCE_EXHAUSTED:
        if (retryAfter != null) {
          return new RetryableConsumeException(message, retryAfter, e);
        }
        return new PermanentConsumeException(message + " (no RetryInfo: not retryable)", e);
      default:
        return new PermanentConsumeException(message, e);
    }
  }

  /** The RetryInfo delay in the status details, or null when there is none. */
  static @Nullable Duration retryDelay(StatusRuntimeException e) {
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    if (details == null) {
      return null;
    }
    for (Any any : details.getDetailsList()) {
      if (any.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = any.unpack(RetryInfo.class).getRetryDelay();
          return Duration.ofSeconds(d.getSeconds(), d.getNanos());
        } catch (InvalidProtocolBufferException ignored) {
          // A malformed detail is treated as absent.
          return null;
        }
      }
    }
    return null;
  }
}
