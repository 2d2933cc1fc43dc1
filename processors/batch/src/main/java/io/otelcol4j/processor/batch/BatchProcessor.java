package io.otelcol4j.processor.batch;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The batch processor: buffers what it consumes and passes it on in batches, sent when a batch
 * reaches {@code send_batch_size} items or {@code timeout} after it started filling, split so that
 * no sent batch exceeds {@code send_batch_max_size}. With {@code metadata_keys} it keeps one
 * buffer ("shard") per distinct combination of those request-metadata values and passes each
 * batch on with a context carrying that combination.
 *
 * <p>Threading: {@link #consume} runs on the callers' threads and only appends to a buffer and,
 * when a size trigger fires, hands the batch to be sent to a queue; one worker thread per instance
 * sends queued batches and fires timeouts, so {@code next.consume} always runs on the worker.
 * When the worker falls behind by {@link #maxQueuedSends} batches, callers wait (push-back, as the
 * collector's bounded channel does) until there is room, the request's deadline passes or the
 * processor shuts down. A failed send is logged and its items counted as dropped: the processor
 * already owned the data, as in the collector.
 */
final class BatchProcessor<B extends Batch<B>> implements Processor<B> {
  static final String SHUTTING_DOWN = "processor is shutting down";
  static final String TOO_MANY_BATCHERS = "too many batcher metadata-value combinations";
  static final String DEADLINE_PASSED = "batch processor is behind sending; request deadline passed while waiting";

  /** The collector's bucket boundaries for {@code otelcol_processor_batch_batch_send_size}. */
  private static final List<Long> SEND_SIZE_BUCKETS = List.of(10L, 25L, 50L, 75L, 100L, 250L, 500L, 750L, 1000L,
      2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L, 10000L, 20000L, 30000L, 50000L, 100000L);

  private enum Trigger {
    SIZE,
    TIMEOUT
  }

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  /** One buffer: all pending data of one metadata-value combination. Guarded by {@link #lock}. */
  private static final class Shard<B> {
    final Context exportContext;
    ArrayList<B> pending = new ArrayList<>();
    int items;
    long deadlineNanos;

    Shard(Context exportContext) {
      this.exportContext = exportContext;
    }
  }

  /** Data cut from a shard, waiting for the worker: merged, split by max size and sent there. */
  private record Send<B>(Context context, List<B> parts, int items, Trigger trigger) {}

  private final ComponentId id;
  private final Signal signal;
  private final Logger logger;
  private final Consumer<B> next;
  private final long timeoutNanos;
  private final int sendBatchSize;
  private final int sendBatchMaxSize;
  /** False when timeout or send_batch_size is 0: everything is sent as soon as it arrives. */
  private final boolean timerMode;
  private final List<String> metadataKeys;
  private final int cardinalityLimit;
  private final int maxQueuedSends;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signals the worker: something queued, a shard got a deadline, or shutdown began. */
  private final Condition workAvailable = lock.newCondition();
  /** Signals waiting callers: the send queue has room, or shutdown began. */
  private final Condition spaceAvailable = lock.newCondition();
  private final @Nullable Shard<B> single;
  private final Map<List<List<String>>, Shard<B>> shardsByKey = new HashMap<>();
  private final List<Shard<B>> shards = new ArrayList<>();
  private final ArrayDeque<Send<B>> queue = new ArrayDeque<>();
  private State state = State.NEW;
  private @Nullable Thread worker;
  private boolean abandoned;
  private volatile int cardinality;

  private final Attributes attributes;
  private final LongCounter sizeTriggerSend;
  private final LongCounter timeoutTriggerSend;
  private final LongHistogram sendSize;
  private final BoundCounter dropped;
  private final ObservableLongUpDownCounter cardinalityGauge;

  BatchProcessor(ComponentSettings settings, BatchProcessorConfig config, Signal signal, Consumer<B> next) {
    this.id = settings.id();
    this.signal = signal;
    this.logger = settings.logger();
    this.next = next;
    this.timeoutNanos = config.timeout().toNanos();
    this.sendBatchSize = config.sendBatchSize();
    this.sendBatchMaxSize = config.sendBatchMaxSize();
    this.timerMode = timeoutNanos > 0 && sendBatchSize > 0;
    // Lower-cased and sorted, so that one combination always forms the same key.
    TreeSet<String> keys = new TreeSet<>();
    config.metadataKeys().forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
    this.metadataKeys = List.copyOf(keys);
    this.cardinalityLimit = config.metadataCardinalityLimit();
    this.maxQueuedSends = Math.max(2, Runtime.getRuntime().availableProcessors());
    if (metadataKeys.isEmpty()) {
      single = new Shard<>(Context.EMPTY);
      shards.add(single);
      cardinality = 1;
    } else {
      single = null;
    }

    Meter meter = ComponentMetrics.meter(settings.meterProvider());
    attributes = ComponentMetrics.attributes(Kind.PROCESSOR, id, signal);
    sizeTriggerSend = meter.counterBuilder("otelcol_processor_batch_batch_size_trigger_send")
        .setDescription("Number of times the batch was sent due to a size trigger").setUnit("{time}").build();
    timeoutTriggerSend = meter.counterBuilder("otelcol_processor_batch_timeout_trigger_send")
        .setDescription("Number of times the batch was sent due to a timeout trigger").setUnit("{time}").build();
    sendSize = meter.histogramBuilder("otelcol_processor_batch_batch_send_size").ofLongs()
        .setDescription("Number of units in the batch").setUnit("{unit}")
        .setExplicitBucketBoundariesAdvice(SEND_SIZE_BUCKETS).build();
    dropped = ComponentMetrics.counter(settings.meterProvider(), "otelcol_processor_batch_dropped_items", Kind.PROCESSOR,
        id, signal, "Items the batch processor dropped because the next consumer failed or shutdown timed out");
    cardinalityGauge = meter.upDownCounterBuilder("otelcol_processor_batch_metadata_cardinality")
        .setDescription("Number of distinct metadata value combinations being processed").setUnit("{combination}")
        .buildWithCallback(m -> m.record(cardinality, attributes));
  }

  @Override
  public void start(Host host) {
    lock.lock();
    try {
      if (state != State.NEW) {
        return;
      }
      Thread t = new Thread(this::runWorker, "otelcol4j-batch-" + id + "-" + signal.configName());
      t.setDaemon(true);
      worker = t;
      state = State.RUNNING;
      t.start();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void consume(Context context, B batch) {
    int n = batch.itemCount();
    if (n == 0) {
      return;
    }
    lock.lock();
    try {
      checkAccepting();
      Shard<B> shard = single != null ? single : shardFor(context);
      awaitRoom(context);
      long now = System.nanoTime();
      boolean wasEmpty = shard.items == 0;
      shard.pending.add(batch);
      shard.items += n;
      if (!timerMode || shard.items >= sendBatchSize) {
        cutForSize(shard, now);
        workAvailable.signal();
      } else if (wasEmpty) {
        shard.deadlineNanos = now + timeoutNanos;
        workAvailable.signal(); // the worker may be waiting with no deadline at all
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkAccepting() {
    if (state == State.STOPPING || state == State.STOPPED) {
      throw new RetryableConsumeException(SHUTTING_DOWN);
    }
  }

  private Shard<B> shardFor(Context context) {
    List<List<String>> key = new ArrayList<>(metadataKeys.size());
    for (String k : metadataKeys) {
      key.add(context.metadata(k));
    }
    Shard<B> shard = shardsByKey.get(key);
    if (shard != null) {
      return shard;
    }
    if (cardinalityLimit != 0 && shardsByKey.size() >= cardinalityLimit) {
      throw new PermanentConsumeException(TOO_MANY_BATCHERS);
    }
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    for (int i = 0; i < metadataKeys.size(); i++) {
      if (!key.get(i).isEmpty()) {
        metadata.put(metadataKeys.get(i), key.get(i));
      }
    }
    shard = new Shard<>(new Context(null, metadata, null));
    shardsByKey.put(key, shard);
    shards.add(shard);
    cardinality = shards.size();
    return shard;
  }

  /** Waits, releasing the lock, while the worker is {@link #maxQueuedSends} batches behind. */
  private void awaitRoom(Context context) {
    Instant deadline = context.deadline();
    try {
      while (queue.size() >= maxQueuedSends && state == State.RUNNING) {
        if (deadline == null) {
          spaceAvailable.await();
        } else {
          long left = Duration.between(Instant.now(), deadline).toNanos();
          if (left <= 0) {
            throw new RetryableConsumeException(DEADLINE_PASSED);
          }
          spaceAvailable.awaitNanos(left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableConsumeException("interrupted while waiting for the batch processor");
    }
    checkAccepting();
  }

  /**
   * A size trigger fired (or every batch is sent at once): queue what the collector's batcher sends,
   * which is full {@code send_batch_max_size} batches while at least {@code send_batch_size} items
   * are pending; a smaller tail stays pending.
   */
  private void cutForSize(Shard<B> shard, long now) {
    int items = shard.items;
    if (!timerMode || sendBatchMaxSize == 0 || items <= sendBatchMaxSize) {
      cutAll(shard, Trigger.SIZE);
      return;
    }
    int tail = items % sendBatchMaxSize;
    if (tail == 0 || tail >= sendBatchSize) {
      cutAll(shard, Trigger.SIZE);
      return;
    }
    // A tail stays behind: split here, so that it is known exactly what remains.
    List<B> chunks = merge(shard.pending).split(sendBatchMaxSize);
    for (int i = 0; i < chunks.size() - 1; i++) {
      B c = chunks.get(i);
      queue.add(new Send<>(shard.exportContext, List.of(c), c.itemCount(), Trigger.SIZE));
    }
    B rest = chunks.get(chunks.size() - 1);
    shard.pending = new ArrayList<>();
    shard.pending.add(rest);
    shard.items = rest.itemCount();
    // As the collector resets its timer after a send, the tail waits a full timeout again.
    shard.deadlineNanos = now + timeoutNanos;
  }

  private void cutAll(Shard<B> shard, Trigger trigger) {
    if (shard.items == 0) {
      return;
    }
    queue.add(new Send<>(shard.exportContext, shard.pending, shard.items, trigger));
    shard.pending = new ArrayList<>();
    shard.items = 0;
  }

  private B merge(List<B> parts) {
    return parts.size() == 1 ? parts.get(0) : parts.get(0).merge(parts.subList(1, parts.size()));
  }

  private void runWorker() {
    while (true) {
      Send<B> send;
      lock.lock();
      try {
        send = nextSend();
        if (send == null) {
          return;
        }
        // All: a woken caller may leave (deadline, shutdown) without taking the room.
        spaceAvailable.signalAll();
      } catch (InterruptedException e) {
        // Only shutdown interrupts the worker, and only after giving up on draining.
        if (abandoned) {
          return;
        }
        continue;
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        logger.error("Batch processor worker failed; continuing", t);
        continue;
      } finally {
        lock.unlock();
      }
      try {
        send(send);
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        dropped.add(send.items());
        logger.warn("Failed to prepare a batch; dropping it", "items", send.items(), "error", String.valueOf(t));
      }
    }
  }

  /** The next batch to send, waiting for one; null when the worker is done. Holds the lock. */
  private @Nullable Send<B> nextSend() throws InterruptedException {
    while (!abandoned) {
      Send<B> s = queue.poll();
      if (s != null) {
        return s;
      }
      if (state == State.STOPPING || state == State.STOPPED) {
        for (Shard<B> shard : shards) {
          cutAll(shard, Trigger.TIMEOUT);
        }
        return queue.poll();
      }
      long now = System.nanoTime();
      long wait = Long.MAX_VALUE;
      if (timerMode) {
        for (Shard<B> shard : shards) {
          if (shard.items == 0) {
            continue;
          }
          long left = shard.deadlineNanos - now;
          if (left <= 0) {
            cutAll(shard, Trigger.TIMEOUT);
          } else {
            wait = Math.min(wait, left);
          }
        }
      }
      if (!queue.isEmpty()) {
        continue;
      }
      if (wait == Long.MAX_VALUE) {
        workAvailable.await();
      } else {
        workAvailable.awaitNanos(wait);
      }
    }
    return null;
  }

  /** Merges, splits by {@code send_batch_max_size} and passes on. Runs without the lock. */
  private void send(Send<B> send) {
    B merged = merge(send.parts());
    if (sendBatchMaxSize > 0 && merged.itemCount() > sendBatchMaxSize) {
      for (B chunk : merged.split(sendBatchMaxSize)) {
        export(send.context(), chunk, send.trigger());
      }
    } else {
      export(send.context(), merged, send.trigger());
    }
  }

  private void export(Context context, B chunk, Trigger trigger) {
    int n = chunk.itemCount();
    try {
      next.consume(context, chunk);
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      dropped.add(n);
      logger.warn("Sender failed; dropping the batch", "items", n, "error", String.valueOf(t));
      return;
    }
    (trigger == Trigger.SIZE ? sizeTriggerSend : timeoutTriggerSend).add(1, attributes);
    sendSize.record(n, attributes);
  }

  /**
   * Stops accepting data (callers get a retryable "processor is shutting down"), sends everything
   * buffered and stops the worker, within {@code deadline}. What cannot be sent in time is counted
   * as dropped and reported by a {@link TimeoutException}.
   */
  @Override
  public void shutdown(Duration deadline) throws Exception {
    Thread w;
    lock.lock();
    try {
      if (state == State.STOPPING || state == State.STOPPED) {
        return;
      }
      state = State.STOPPING;
      w = worker;
      workAvailable.signalAll();
      spaceAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      if (w == null) {
        drainOnCaller();
      } else {
        w.join(Math.max(1, deadline.toMillis()));
        if (w.isAlive()) {
          int lost = abandon(w);
          throw new TimeoutException("batch processor " + id + " (" + signal.configName() + ") did not finish sending within "
              + deadline + "; dropped " + lost + " buffered items");
        }
      }
    } finally {
      lock.lock();
      try {
        state = State.STOPPED;
      } finally {
        lock.unlock();
      }
      cardinalityGauge.close();
    }
  }

  /** Never started: whatever was consumed is sent on the calling thread. */
  private void drainOnCaller() {
    List<Send<B>> sends = new ArrayList<>();
    lock.lock();
    try {
      for (Shard<B> shard : shards) {
        cutAll(shard, Trigger.TIMEOUT);
      }
      sends.addAll(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    for (Send<B> s : sends) {
      send(s);
    }
  }

  /** Gives up on draining: counts what is still buffered as dropped and interrupts the worker. */
  private int abandon(Thread w) {
    int lost = 0;
    lock.lock();
    try {
      abandoned = true;
      for (Send<B> s : queue) {
        lost += s.items();
      }
      queue.clear();
      for (Shard<B> shard : shards) {
        lost += shard.items;
        shard.pending = new ArrayList<>();
        shard.items = 0;
      }
      workAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    dropped.add(lost);
    logger.warn("Batch processor did not finish sending within the shutdown deadline; dropping buffered items",
        "dropped_items", lost);
    w.interrupt();
    return lost;
  }
}
