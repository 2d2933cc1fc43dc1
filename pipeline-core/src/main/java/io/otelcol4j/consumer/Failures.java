package io.otelcol4j.consumer;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Classifies consume failures by walking their causes. */
public final class Failures {
  private Failures() {}

  /** True when {@code t} is, or is caused by, a {@link PermanentConsumeException}. */
  public static boolean isPermanent(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PermanentConsumeException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** The retry delay asked for by the first {@link RetryableConsumeException} in the chain, or null. */
  public static @Nullable Duration retryAfter(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RetryableConsumeException && ((RetryableConsumeException) c).retryAfter() != null) {
        return ((RetryableConsumeException) c).retryAfter();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** Rethrows JVM fatal errors, which no background loop may swallow. */
  public static void propagateIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    if (t instanceof LinkageError) {
      throw (LinkageError) t;
    }
  }
}
