package io.otelcol4j.exporterhelper;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.Scalars;
import java.time.Duration;

/**
 * Batching inside the sending queue: the {@code sending_queue.batch} block, as the collector's
 * {@code queuebatch.BatchConfig}. Queue consumers merge queued batches until {@code min_size} is
 * reached or {@code flush_timeout} has passed since the first one was taken, then split the result
 * into parts of at most {@code max_size}.
 *
 * <pre>{@code
 * sending_queue:
 *   batch:
 *     flush_timeout: 200ms
 *     min_size: 8192
 *     max_size: 0
 *     sizer: items
 * }</pre>
 *
 * @param flushTimeout how long a partial batch waits for more data (default 200ms); must be positive
 * @param minSize the size at which a batch is sent without waiting (default {@value #DEFAULT_MIN_SIZE})
 * @param maxSize the largest batch sent; larger ones are split (default {@value #DEFAULT_MAX_SIZE}: no limit)
 * @param sizer how sizes are measured: {@code items} or {@code bytes}; defaults to the queue's
 *     sizer when the queue's {@code sizer} is written and is items or bytes, else {@code items}
 */
public record QueueBatchConfig(Duration flushTimeout, long minSize, long maxSize, Sizer sizer) {
  /** Default of {@code flush_timeout}: 200ms. */
  public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofMillis(200);

  /** Default of {@code min_size}: {@value}. */
  public static final long DEFAULT_MIN_SIZE = 8192;

  /** Default of {@code max_size}: {@value} (no limit). */
  public static final long DEFAULT_MAX_SIZE = 0;

  /** Default of {@code sizer}: items. */
  public static final Sizer DEFAULT_SIZER = Sizer.ITEMS;

  public QueueBatchConfig {
    requireNonNull(flushTimeout, "flushTimeout");
    requireNonNull(sizer, "sizer");
  }

  /** The collector's defaults. */
  public static QueueBatchConfig defaults() {
    return new QueueBatchConfig(DEFAULT_FLUSH_TIMEOUT, DEFAULT_MIN_SIZE, DEFAULT_MAX_SIZE, DEFAULT_SIZER);
  }

  /**
   * Binds and validates a {@code batch} node.
   *
   * @param defaultSizer the sizer used when the node sets none
   */
  public static QueueBatchConfig from(ConfigNode node, Sizer defaultSizer) {
    Duration flush = node.duration("flush_timeout", DEFAULT_FLUSH_TIMEOUT);
    long min = node.longValue("min_size", DEFAULT_MIN_SIZE);
    long max = node.longValue("max_size", DEFAULT_MAX_SIZE);
    Sizer sizer = node.enumValue("sizer", Sizer.class, defaultSizer);
    if (sizer == Sizer.REQUESTS) {
      node.problem("sizer", "\"requests\" (expected: items or bytes; batches are measured in items or bytes)");
      sizer = DEFAULT_SIZER;
    }
    if (flush.isZero()) {
      node.problem("flush_timeout", Scalars.formatDuration(flush) + " (expected: a positive duration, e.g. 200ms)");
      flush = DEFAULT_FLUSH_TIMEOUT;
    }
    if (min < 0) {
      node.problem("min_size", min + " (expected: >= 0)");
      min = DEFAULT_MIN_SIZE;
    }
    if (max < 0) {
      node.problem("max_size", max + " (expected: >= 0, 0 for no limit)");
      max = DEFAULT_MAX_SIZE;
    } else if (max > 0 && max < min) {
      node.problem("max_size", max + " (expected: 0 or >= min_size (" + min + "))");
    }
    return new QueueBatchConfig(flush, min, max, sizer);
  }

  /** True when batches are split at {@link #maxSize()}. */
  public boolean hasMaxSize() {
    return maxSize > 0;
  }
}
