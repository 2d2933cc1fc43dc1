package io.otelcol4j.exporterhelper;

import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.exporterhelper.BoundedQueue.CorruptEntryException;
import io.otelcol4j.exporterhelper.BoundedQueue.Entry;
import io.otelcol4j.exporterhelper.RetrySender.ShutdownAbortException;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The first link: puts batches in the {@link BoundedQueue} and runs {@code num_consumers} daemon
 * threads that take them out, merge and split them when {@code batch} is configured, and hand them
 * to the next link (retry). See {@link QueueConfig} for the behaviour when full.
 *
 * <p>Shutdown: an in-memory queue keeps sending what it holds until the deadline, and what is left
 * then is counted as failed and logged once; a persistent queue stops taking entries at once
 * (they stay on disk for the next start) and only lets sends in flight finish.
 */
final class QueueSender<B extends Batch<B>> {
  private final QueueConfig config;
  private final BoundedQueue<B> queue;
  private final Sender<B> next;
  private final ShutdownSignal shutdown;
  private final Time time;
  private final ExporterMetrics metrics;
  private final Logger logger;
  private final long blockTimeoutNanos;
  private final @Nullable QueueBatchConfig batch;
  private final ReentrantLock gatherLock = new ReentrantLock();
  private final AtomicLong droppedAtShutdown = new AtomicLong();
  private final List<Thread> consumers = new ArrayList<>();
  private final String threadPrefix;

  QueueSender(QueueConfig config, BoundedQueue<B> queue, Sender<B> next, ShutdownSignal shutdown, Time time,
      ExporterMetrics metrics, Logger logger, Duration blockTimeout, String exporterId, Signal signal) {
    this.config = config;
    this.queue = queue;
    this.next = next;
    this.shutdown = shutdown;
    this.time = time;
    this.metrics = metrics;
    this.logger = logger;
    this.blockTimeoutNanos = blockTimeout.toNanos();
    this.batch = config.batch();
    this.threadPrefix = "exporter-" + exporterId + "-" + signal.configName() + "-";
  }

  void start() {
    metrics.registerQueue(queue::size, queue.capacity());
    for (int i = 0; i < config.numConsumers(); i++) {
      Thread t = new Thread(this::runConsumer, threadPrefix + i);
      t.setDaemon(true);
      consumers.add(t);
      t.start();
    }
  }

  /** Queues a batch; waits for its result when {@code wait_for_result} is set. */
  void offer(Context context, B b) {
    long waitUntil = BoundedQueue.NO_WAIT;
    if (config.blockOnOverflow()) {
      waitUntil = waitUntil(context.deadline());
    }
    Entry<B> entry;
    try {
      entry = queue.offer(b, waitUntil, config.waitForResult());
    } catch (RetryableConsumeException e) {
      metrics.enqueueFailed.add(b.itemCount());
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.enqueueFailed.add(b.itemCount());
      throw new RetryableConsumeException("interrupted while waiting for room in the sending queue", null, e);
    }
    if (entry.result != null) {
      awaitResult(entry, context.deadline());
    }
  }

  private long waitUntil(@Nullable Instant deadline) {
    long now = System.nanoTime();
    if (deadline != null) {
      return Sender.saturatedAdd(now, Math.max(0, Duration.between(Instant.now(), deadline).toNanos()));
    }
    return blockTimeoutNanos > 0 ? Sender.saturatedAdd(now, blockTimeoutNanos) : BoundedQueue.FOREVER;
  }

  private void awaitResult(Entry<B> entry, @Nullable Instant deadline) {
    try {
      if (deadline == null) {
        entry.result.get();
      } else {
        entry.result.get(Math.max(0, Duration.between(Instant.now(), deadline).toNanos()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new RetryableConsumeException(RetrySender.describe(c), null, c);
    } catch (TimeoutException e) {
      throw new RetryableConsumeException("deadline exceeded while waiting for the batch to be sent");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableConsumeException("interrupted while waiting for the batch to be sent", null, e);
    }
  }

  private void runConsumer() {
    while (true) {
      List<Entry<B>> entries;
      try {
        entries = gather();
      } catch (InterruptedException e) {
        if (shutdown.stopping()) {
          return;
        }
        continue;
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        logger.error("Sending queue consumer failed to take data", t);
        continue;
      }
      if (entries == null) {
        return;
      }
      try {
        process(entries);
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        logger.error("Sending queue consumer failed", t, "batches", entries.size());
      }
    }
  }

  /** The next entries to send together, or null when the queue is closed and drained. */
  private @Nullable List<Entry<B>> gather() throws InterruptedException {
    if (batch == null) {
      Entry<B> e = nextLoaded(BoundedQueue.FOREVER);
      return e == null ? null : List.of(e);
    }
    // One consumer forms a batch at a time, so partial batches do not spread over all consumers.
    gatherLock.lockInterruptibly();
    try {
      Entry<B> first = nextLoaded(BoundedQueue.FOREVER);
      if (first == null) {
        return null;
      }
      List<Entry<B>> out = new ArrayList<>();
      out.add(first);
      long total = batch.sizer().sizeOf(first.batch);
      long flushAt = Sender.saturatedAdd(System.nanoTime(), batch.flushTimeout().toNanos());
      while (total < batch.minSize()) {
        Entry<B> e = nextLoaded(flushAt);
        if (e == null) {
          break;
        }
        out.add(e);
        total += batch.sizer().sizeOf(e.batch);
      }
      return out;
    } finally {
      gatherLock.unlock();
    }
  }

  /** The next entry with its batch loaded; corrupt persistent entries are deleted and counted. */
  private @Nullable Entry<B> nextLoaded(long deadline) throws InterruptedException {
    while (true) {
      Entry<B> e = queue.take(deadline);
      if (e == null || e.batch != null) {
        return e;
      }
      try {
        e.batch = queue.load(e.key);
        return e;
      } catch (CorruptEntryException ex) {
        metrics.corruptEntries.add(1);
        logger.error("Dropping a persistent queue entry that cannot be read", "error", ex.getMessage());
        releaseQuietly(e);
      }
    }
  }

  private void process(List<Entry<B>> entries) {
    B merged = entries.get(0).batch;
    if (entries.size() > 1) {
      List<B> rest = new ArrayList<>(entries.size() - 1);
      for (int i = 1; i < entries.size(); i++) {
        rest.add(entries.get(i).batch);
      }
      merged = merged.merge(rest);
    }
    List<B> parts = batch != null && batch.hasMaxSize() ? split(merged, batch) : List.of(merged);
    Throwable failure = null;
    boolean aborted = false;
    long unsentItems = 0;
    for (B part : parts) {
      if (aborted) {
        unsentItems += part.itemCount();
        continue;
      }
      try {
        next.send(part, Sender.NO_DEADLINE);
      } catch (ShutdownAbortException e) {
        aborted = true;
        failure = e;
        unsentItems += part.itemCount();
      } catch (Exception | Error e) {
        Failures.propagateIfFatal(e);
        // Counted and logged by the retry sender.
        failure = e;
      }
    }
    if (aborted && queue.persistent()) {
      // Kept on disk: the next start sends it again.
      complete(entries, failure);
      return;
    }
    if (aborted) {
      metrics.sendFailed.add(unsentItems);
      droppedAtShutdown.addAndGet(unsentItems);
    }
    for (Entry<B> e : entries) {
      releaseQuietly(e);
    }
    complete(entries, failure);
  }

  private void complete(List<Entry<B>> entries, @Nullable Throwable failure) {
    for (Entry<B> e : entries) {
      if (e.result != null) {
        if (failure == null) {
          e.result.complete(null);
        } else {
          e.result.completeExceptionally(failure instanceof ShutdownAbortException
              ? new RetryableConsumeException("exporter is shutting down", null, failure)
              : failure);
        }
      }
    }
  }

  private void releaseQuietly(Entry<B> e) {
    try {
      queue.release(e);
    } catch (IOException ex) {
      logger.warn("Cannot delete a sent entry from the persistent queue; it will be sent again after a restart",
          "key", e.key, "error", ex.getMessage());
    }
  }

  /** Splits a batch into parts no bigger than {@code max_size} in the batch's sizer. */
  static <B extends Batch<B>> List<B> split(B b, QueueBatchConfig cfg) {
    long max = cfg.maxSize();
    if (cfg.sizer() == Sizer.ITEMS) {
      return b.split((int) Math.min(Integer.MAX_VALUE, max));
    }
    // Bytes: split by an item estimate, then again any part still too big (down to one item).
    List<B> out = new ArrayList<>();
    splitBytes(b, max, out);
    return out;
  }

  private static <B extends Batch<B>> void splitBytes(B b, long maxBytes, List<B> out) {
    long bytes = b.serializedSize();
    if (bytes <= maxBytes || b.itemCount() <= 1) {
      out.add(b);
      return;
    }
    int perPart = (int) Math.max(1, Math.min(b.itemCount() - 1, (long) b.itemCount() * maxBytes / bytes));
    for (B part : b.split(perPart)) {
      splitBytes(part, maxBytes, out);
    }
  }

  /** Stops intake and the consumers within {@code deadline}; see the class comment. */
  void shutdown(Duration deadline) {
    long end = Sender.saturatedAdd(System.nanoTime(), deadline.toNanos());
    if (queue.persistent()) {
      shutdown.stopNow();
      queue.close(true);
    } else {
      shutdown.begin(Sender.saturatedAdd(time.nanoTime(), deadline.toNanos()));
      queue.close(false);
    }
    if (!joinAll(end)) {
      shutdown.stopNow();
      queue.close(true);
      for (Thread t : consumers) {
        t.interrupt();
      }
      joinAll(Sender.saturatedAdd(System.nanoTime(), TimeUnit.SECONDS.toNanos(1)));
    }
    if (!queue.persistent()) {
      long items = 0;
      for (Entry<B> e : queue.drainRemaining()) {
        items += e.batch == null ? 0 : e.batch.itemCount();
        if (e.result != null) {
          e.result.completeExceptionally(new RetryableConsumeException("exporter is shutting down"));
        }
      }
      metrics.sendFailed.add(items);
      long dropped = items + droppedAtShutdown.get();
      if (dropped > 0) {
        logger.error("Dropping data at shutdown: the sending queue could not be drained before the deadline",
            "dropped_items", dropped, "deadline", io.otelcol4j.config.Scalars.formatDuration(deadline));
      }
    }
    metrics.close();
  }

  private boolean joinAll(long endNanos) {
    for (Thread t : consumers) {
      long left = endNanos - System.nanoTime();
      if (left > 0) {
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }
}
