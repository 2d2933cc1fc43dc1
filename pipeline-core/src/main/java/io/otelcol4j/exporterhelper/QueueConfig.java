package io.otelcol4j.exporterhelper;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import org.jspecify.annotations.Nullable;

/**
 * The sending queue: the exporter's {@code sending_queue} block, with the keys, defaults and
 * validation of the collector's {@code exporterhelper.QueueBatchConfig}. The queue decouples the
 * pipeline from the backend: {@code consume} returns once the batch is queued (in memory, or on
 * disk when {@code storage} names a storage extension) and {@code num_consumers} threads send.
 *
 * <pre>{@code
 * sending_queue:
 *   enabled: true
 *   num_consumers: 10
 *   queue_size: 1000
 *   sizer: requests
 *   block_on_overflow: false
 *   wait_for_result: false
 *   storage: file_storage/queue
 *   batch:
 *     flush_timeout: 200ms
 *     min_size: 8192
 * }</pre>
 *
 * @param enabled whether batches are queued (default {@value #DEFAULT_ENABLED}); when false,
 *     {@code consume} sends on the caller's thread and throws the failure
 * @param numConsumers threads sending from the queue (default {@value #DEFAULT_NUM_CONSUMERS})
 * @param queueSize the capacity, in the unit of {@code sizer} (default {@value #DEFAULT_QUEUE_SIZE})
 * @param sizer how the capacity is measured: requests, items or bytes (default requests)
 * @param blockOnOverflow whether {@code consume} waits for room (up to the request's deadline or
 *     the send timeout) instead of refusing at once (default {@value #DEFAULT_BLOCK_ON_OVERFLOW})
 * @param waitForResult whether {@code consume} waits until the batch is sent and reports its
 *     outcome (default {@value #DEFAULT_WAIT_FOR_RESULT}); not with {@code storage}
 * @param storage the storage extension of a persistent queue, or null for an in-memory queue
 * @param batch batching inside the queue, or null (the key absent) for none
 */
public record QueueConfig(
    boolean enabled,
    int numConsumers,
    long queueSize,
    Sizer sizer,
    boolean blockOnOverflow,
    boolean waitForResult,
    @Nullable ComponentId storage,
    @Nullable QueueBatchConfig batch) {
  /** The key of this block in the exporter's config. */
  public static final String KEY = "sending_queue";

  /** Default of {@code enabled}: {@value}. */
  public static final boolean DEFAULT_ENABLED = true;

  /** Default of {@code num_consumers}: {@value}. */
  public static final int DEFAULT_NUM_CONSUMERS = 10;

  /** Default of {@code queue_size}: {@value}. */
  public static final long DEFAULT_QUEUE_SIZE = 1000;

  /** Default of {@code sizer}: requests. */
  public static final Sizer DEFAULT_SIZER = Sizer.REQUESTS;

  /** Default of {@code block_on_overflow}: {@value}. */
  public static final boolean DEFAULT_BLOCK_ON_OVERFLOW = false;

  /** Default of {@code wait_for_result}: {@value}. */
  public static final boolean DEFAULT_WAIT_FOR_RESULT = false;

  public QueueConfig {
    requireNonNull(sizer, "sizer");
  }

  /** The collector's defaults: an in-memory queue of 1000 requests, 10 consumers, no batching. */
  public static QueueConfig defaults() {
    return new QueueConfig(DEFAULT_ENABLED, DEFAULT_NUM_CONSUMERS, DEFAULT_QUEUE_SIZE, DEFAULT_SIZER,
        DEFAULT_BLOCK_ON_OVERFLOW, DEFAULT_WAIT_FOR_RESULT, null, null);
  }

  /** No queue: sends run on the caller's thread. */
  public static QueueConfig disabled() {
    return new QueueConfig(false, DEFAULT_NUM_CONSUMERS, DEFAULT_QUEUE_SIZE, DEFAULT_SIZER,
        DEFAULT_BLOCK_ON_OVERFLOW, DEFAULT_WAIT_FOR_RESULT, null, null);
  }

  /** Binds and validates a {@code sending_queue} node (absent: defaults). */
  public static QueueConfig from(ConfigNode node) {
    boolean enabled = node.bool("enabled", DEFAULT_ENABLED);
    int consumers = node.intValue("num_consumers", DEFAULT_NUM_CONSUMERS);
    long size = node.longValue("queue_size", DEFAULT_QUEUE_SIZE);
    boolean sizerWritten = node.has("sizer");
    Sizer sizer = node.enumValue("sizer", Sizer.class, DEFAULT_SIZER);
    boolean block = node.bool("block_on_overflow", DEFAULT_BLOCK_ON_OVERFLOW);
    boolean wait = node.bool("wait_for_result", DEFAULT_WAIT_FOR_RESULT);
    ComponentId storage = node.componentId("storage", null);
    // As upstream, "batch:" enables batching even when written empty or null.
    boolean batchWritten = node.keys().contains("batch");
    ConfigNode batchNode = node.child("batch");
    Sizer batchDefaultSizer = sizerWritten && sizer != Sizer.REQUESTS ? sizer : QueueBatchConfig.DEFAULT_SIZER;
    QueueBatchConfig batch = batchWritten ? QueueBatchConfig.from(batchNode, batchDefaultSizer) : null;
    if (enabled) {
      if (consumers <= 0) {
        node.problem("num_consumers", consumers + " (expected: > 0)");
        consumers = DEFAULT_NUM_CONSUMERS;
      }
      if (size <= 0) {
        node.problem("queue_size", size + " (expected: > 0)");
        size = DEFAULT_QUEUE_SIZE;
      }
      if (storage != null && wait) {
        node.problem("wait_for_result", "true (expected: false when storage is set; a persistent queue cannot wait for results)");
        wait = false;
      }
      if (batch != null && batch.sizer() == sizer && batch.minSize() > size) {
        batchNode.problem("min_size", batch.minSize() + " (expected: <= queue_size (" + size + ") when the batch and the queue use the same sizer)");
      }
    }
    return new QueueConfig(enabled, consumers, size, sizer, block, wait, storage, batch);
  }

  /** True when the queue is persisted through a storage extension. */
  public boolean persistent() {
    return storage != null;
  }
}
