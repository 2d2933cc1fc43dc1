package io.otelcol4j.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Passes each batch to every branch. Batches are immutable, so every branch gets the same instance
 * (no cloning, unlike the Go collector's mutating-consumer copies). Every branch is called even if
 * one fails; failures are aggregated, and the result is permanent only if every failure is. An
 * aggregated retryable failure asks for the longest retry delay any branch asked for.
 *
 * <p>A failure from one branch means that branch did not take the data while others did; the
 * caller retrying then duplicates data in the others. This matches the collector, where fan-out
 * errors are also returned upstream; exporters with queues make such failures rare.
 */
public final class FanoutConsumer<B extends Batch<B>> implements Consumer<B> {
  private final List<Consumer<B>> branches;

  private FanoutConsumer(List<Consumer<B>> branches) {
    this.branches = branches;
  }

  /** A consumer feeding all of {@code branches}; the single branch itself when there is one. */
  public static <B extends Batch<B>> Consumer<B> of(List<? extends Consumer<B>> branches) {
    if (branches.size() == 1) {
      return branches.get(0);
    }
    return new FanoutConsumer<>(List.copyOf(branches));
  }

  @Override
  public void consume(Context context, B batch) {
    List<RuntimeException> failures = null;
    for (Consumer<B> c : branches) {
      try {
        c.consume(context, batch);
      } catch (RuntimeException e) {
        if (failures == null) {
          failures = new ArrayList<>(2);
        }
        failures.add(e);
      }
    }
    if (failures == null) {
      return;
    }
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    boolean allPermanent = failures.stream().allMatch(Failures::isPermanent);
    String msg = failures.size() + " of " + branches.size() + " branches failed: " + failures.get(0).getMessage();
    RuntimeException agg = allPermanent
        ? new PermanentConsumeException(msg, failures.get(0))
        : new RetryableConsumeException(msg, longestRetryAfter(failures), failures.get(0));
    for (int i = 1; i < failures.size(); i++) {
      agg.addSuppressed(failures.get(i));
    }
    throw agg;
  }

  // The caller retries every branch, so it must wait for the slowest one to be ready again.
  private static @Nullable Duration longestRetryAfter(List<RuntimeException> failures) {
    Duration longest = null;
    for (RuntimeException f : failures) {
      Duration d = Failures.retryAfter(f);
      if (d != null && (longest == null || d.compareTo(longest) > 0)) {
        longest = d;
      }
    }
    return longest;
  }
}
