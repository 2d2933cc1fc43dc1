package io.otelcol4j.exporterhelper;

import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.storage.StorageClient;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The sending queue's storage: a FIFO bounded by a {@link Sizer}, in memory or persisted through a
 * {@link StorageClient}. Capacity counts entries from the moment they are offered until they are
 * {@linkplain #release released} after sending, so data being sent still takes room.
 *
 * <p>A persistent entry is written under a monotonically increasing key before {@link #offer}
 * returns (that is the acknowledgement) and deleted only on release; entries found in storage at
 * start are replayed in key order. Persistent entries are not kept in memory: consumers read them
 * back with {@link #load}.
 */
final class BoundedQueue<B extends Batch<B>> {
  /** Waits forever in {@link #offer} and {@link #take}. */
  static final long FOREVER = Long.MAX_VALUE;

  /** Offers refuse at once when full. */
  static final long NO_WAIT = Long.MIN_VALUE;

  /** One queued batch. */
  static final class Entry<B> {
    @Nullable B batch;
    final @Nullable String key;
    final long size;
    final @Nullable CompletableFuture<Void> result;

    Entry(@Nullable B batch, @Nullable String key, long size, @Nullable CompletableFuture<Void> result) {
      this.batch = batch;
      this.key = key;
      this.size = size;
      this.result = result;
    }
  }

  /** Thrown by {@link #load} when a persistent entry cannot be read back. */
  static final class CorruptEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptEntryException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Entry<B>> ready = new ArrayDeque<>();
  private final Sizer sizer;
  private final long capacity;
  private final @Nullable StorageClient client;
  private final @Nullable BatchCodec<B> codec;
  private long size;
  private long nextIndex;
  private boolean closed;
  private boolean discard;

  BoundedQueue(Sizer sizer, long capacity, @Nullable StorageClient client, @Nullable BatchCodec<B> codec) {
    this.sizer = sizer;
    this.capacity = capacity;
    this.client = client;
    this.codec = codec;
  }

  boolean persistent() {
    return client != null;
  }

  long capacity() {
    return capacity;
  }

  /** The current size in the sizer's unit, including entries being sent. */
  long size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** The key of index {@code i}: fixed width so that keys sort like indexes. */
  static String key(long i) {
    String s = Long.toString(i);
    return "0".repeat(Math.max(0, 20 - s.length())) + s;
  }

  /**
   * Loads the entries a previous run left in storage, oldest first. Entries that cannot be read
   * when their size must be known (items or bytes sizer) are returned as corrupt keys, already
   * deleted. The queue may start above capacity; offers then wait or fail until it drains.
   *
   * @return the keys of corrupt entries that were deleted
   */
  List<String> replay() throws IOException {
    if (client == null) {
      return List.of();
    }
    List<Long> indexes = new ArrayList<>();
    for (String k : client.keys()) {
      if (k.length() == 20 && k.chars().allMatch(Character::isDigit)) {
        indexes.add(Long.parseLong(k));
      }
    }
    indexes.sort(null);
    List<String> corrupt = new ArrayList<>();
    lock.lock();
    try {
      for (long i : indexes) {
        String k = key(i);
        long s = 1;
        if (sizer != Sizer.REQUESTS) {
          try {
            s = sizer.sizeOf(load(k));
          } catch (CorruptEntryException e) {
            client.delete(k);
            corrupt.add(k);
            continue;
          }
        }
        ready.add(new Entry<>(null, k, s, null));
        size += s;
        nextIndex = Math.max(nextIndex, i + 1);
      }
    } finally {
      lock.unlock();
    }
    return corrupt;
  }

  /**
   * Adds a batch, persisting it first when the queue is persistent.
   *
   * @param waitUntilNanos {@link #NO_WAIT}, {@link #FOREVER} or a {@link System#nanoTime()} by
   *     which room must be found
   * @throws RetryableConsumeException "sending queue is full" or "exporter is shutting down", or
   *     when the storage cannot be written
   */
  Entry<B> offer(B batch, long waitUntilNanos, boolean withResult) throws InterruptedException {
    long s = sizer.sizeOf(batch);
    byte[] bytes = codec != null && client != null ? codec.encode(batch) : null;
    String k = null;
    lock.lock();
    try {
      while (true) {
        if (closed) {
          throw new RetryableConsumeException("exporter is shutting down");
        }
        if (size + s <= capacity) {
          break;
        }
        // A batch bigger than the whole queue never fits: refuse rather than wait.
        if (waitUntilNanos == NO_WAIT || s > capacity) {
          throw new RetryableConsumeException("sending queue is full");
        }
        if (waitUntilNanos == FOREVER) {
          notFull.await();
        } else {
          long left = waitUntilNanos - System.nanoTime();
          if (left <= 0) {
            throw new RetryableConsumeException("sending queue is full");
          }
          notFull.awaitNanos(left);
        }
      }
      size += s;
      if (client != null) {
        k = key(nextIndex++);
      }
    } finally {
      lock.unlock();
    }
    if (client != null && bytes != null && k != null) {
      try {
        client.set(k, bytes);
      } catch (IOException | RuntimeException e) {
        releaseRoom(s);
        throw new RetryableConsumeException("cannot write the batch to the persistent queue: " + e.getMessage(), null, e);
      }
    }
    Entry<B> entry = new Entry<>(client == null ? batch : null, k, s, withResult ? new CompletableFuture<>() : null);
    lock.lock();
    try {
      ready.add(entry);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    return entry;
  }

  /**
   * The oldest entry, waiting for one until {@code deadlineNanos} ({@link #FOREVER} to wait until
   * the queue closes).
   *
   * @return null on timeout, when the queue is closed and empty, or when it discards
   */
  @Nullable Entry<B> take(long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (ready.isEmpty() || discard) {
        if (closed || discard) {
          return null;
        }
        if (deadlineNanos == FOREVER) {
          notEmpty.await();
        } else {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          notEmpty.awaitNanos(left);
        }
      }
      return ready.poll();
    } finally {
      lock.unlock();
    }
  }

  /** Reads a persistent entry back. */
  B load(String k) throws CorruptEntryException {
    if (client == null || codec == null) {
      throw new IllegalStateException("not a persistent queue");
    }
    byte[] bytes;
    try {
      bytes = client.get(k);
    } catch (IOException e) {
      throw new CorruptEntryException("cannot read queue entry " + k + ": " + e.getMessage(), e);
    }
    if (bytes == null) {
      throw new CorruptEntryException("queue entry " + k + " is missing", null);
    }
    try {
      return codec.decode(bytes);
    } catch (Exception e) {
      throw new CorruptEntryException("cannot decode queue entry " + k + " (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
  }

  /** Frees an entry's room and deletes it from storage: it was sent, or dropped. */
  void release(Entry<B> entry) throws IOException {
    try {
      if (client != null && entry.key != null) {
        client.delete(entry.key);
      }
    } finally {
      releaseRoom(entry.size);
    }
  }

  private void releaseRoom(long s) {
    lock.lock();
    try {
      size -= s;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses further offers. With {@code discardPending}, {@link #take} returns null at once
   * (persistent queues keep their entries on disk); otherwise it drains what is queued first.
   */
  void close(boolean discardPending) {
    lock.lock();
    try {
      closed = true;
      discard |= discardPending;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns every queued entry not yet taken. */
  List<Entry<B>> drainRemaining() {
    lock.lock();
    try {
      List<Entry<B>> out = new ArrayList<>(ready);
      ready.clear();
      for (Entry<B> e : out) {
        size -= e.size;
      }
      return out;
    } finally {
      lock.unlock();
    }
  }
}
