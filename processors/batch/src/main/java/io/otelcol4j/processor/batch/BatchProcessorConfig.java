package io.otelcol4j.processor.batch;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Config of the {@code batch} processor, with the keys, defaults and validation of the collector's
 * {@code batchprocessor}.
 *
 * <p>Validation messages are the collector's own, so people searching for them find the upstream
 * documentation: a problem with one key is reported at that key's path, a problem between keys at
 * the processor's path.
 *
 * @param timeout {@code timeout}: how long a non-empty batch waits for more items before it is sent
 *     regardless of size; default 200ms. Zero sends every batch immediately (subject only to
 *     {@code send_batch_max_size}), as does a zero {@code send_batch_size}.
 * @param sendBatchSize {@code send_batch_size}: the item count that triggers a send; default
 *     {@value #DEFAULT_SEND_BATCH_SIZE}. A trigger, not a limit: a batch can be larger. Zero sends
 *     every batch immediately (subject only to {@code send_batch_max_size}).
 * @param sendBatchMaxSize {@code send_batch_max_size}: the most items one sent batch may hold,
 *     larger ones are split; default {@value #DEFAULT_SEND_BATCH_MAX_SIZE}, no limit. When set it
 *     must be at least {@code send_batch_size}.
 * @param metadataKeys {@code metadata_keys}: request metadata keys (case-insensitive) whose values
 *     partition the data; one batcher per distinct combination of values. Empty by default: one
 *     batcher for everything.
 * @param metadataCardinalityLimit {@code metadata_cardinality_limit}: the most distinct
 *     combinations of metadata values over the processor's lifetime; data bringing a new
 *     combination beyond it is refused as permanent. Default
 *     {@value #DEFAULT_METADATA_CARDINALITY_LIMIT}; zero means no limit.
 */
public record BatchProcessorConfig(
    Duration timeout,
    int sendBatchSize,
    int sendBatchMaxSize,
    List<String> metadataKeys,
    int metadataCardinalityLimit) implements ComponentConfig {

  /** Default {@code timeout}: 200ms. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
  /** Default {@code send_batch_size}. */
  public static final int DEFAULT_SEND_BATCH_SIZE = 8192;
  /** Default {@code send_batch_max_size}: no limit. */
  public static final int DEFAULT_SEND_BATCH_MAX_SIZE = 0;
  /** Default {@code metadata_cardinality_limit}. */
  public static final int DEFAULT_METADATA_CARDINALITY_LIMIT = 1000;

  public BatchProcessorConfig {
    requireNonNull(timeout, "timeout");
    metadataKeys = List.copyOf(requireNonNull(metadataKeys, "metadataKeys"));
  }

  /** The default config, as an empty YAML map binds. */
  public static BatchProcessorConfig defaults() {
    return new BatchProcessorConfig(DEFAULT_TIMEOUT, DEFAULT_SEND_BATCH_SIZE, DEFAULT_SEND_BATCH_MAX_SIZE, List.of(),
        DEFAULT_METADATA_CARDINALITY_LIMIT);
  }

  /** Binds and validates; every problem is reported through {@code node}. */
  public static BatchProcessorConfig from(ConfigNode node) {
    Duration timeout = node.duration("timeout", DEFAULT_TIMEOUT);
    int sendBatchSize = nonNegative(node, "send_batch_size", DEFAULT_SEND_BATCH_SIZE);
    int sendBatchMaxSize = nonNegative(node, "send_batch_max_size", DEFAULT_SEND_BATCH_MAX_SIZE);
    List<String> metadataKeys = node.stringList("metadata_keys", List.of());
    int limit = nonNegative(node, "metadata_cardinality_limit", DEFAULT_METADATA_CARDINALITY_LIMIT);

    if (sendBatchMaxSize > 0 && sendBatchMaxSize < sendBatchSize) {
      node.problem(null, "send_batch_max_size must be greater or equal to send_batch_size");
    }
    Set<String> seen = new HashSet<>();
    for (String key : metadataKeys) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (!seen.add(lower)) {
        node.problem("metadata_keys", "duplicate entry in metadata_keys: \"" + lower + "\" (case-insensitive)");
      }
    }
    return new BatchProcessorConfig(timeout, sendBatchSize, sendBatchMaxSize, metadataKeys, limit);
  }

  private static int nonNegative(ConfigNode node, String key, int defaultValue) {
    int v = node.intValue(key, defaultValue);
    if (v < 0) {
      node.problem(key, v + " (expected: a non-negative integer)");
      return defaultValue;
    }
    return v;
  }
}
