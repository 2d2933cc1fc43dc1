package io.otelcol4j.exporterhelper;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.exporterhelper.RetrySender.ShutdownAbortException;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.storage.StorageExtension;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds a network exporter from its send function: the collector's {@code exporterhelper}. The
 * result is a chain of one-job senders,
 *
 * <pre>
 * QueueSender (sending_queue, optional; batching inside it, optional)
 *   → RetrySender (retry_on_failure) → TimeoutSender (timeout) → ObservedSender → Pusher
 * </pre>
 *
 * <p>With the queue enabled, {@code consume} returns once the batch is queued (for a persistent
 * queue: written to storage), and refuses with a retryable "sending queue is full" when there is
 * no room (or waits for room with {@code block_on_overflow}). With it disabled, {@code consume}
 * sends on the caller's thread, honouring the {@link Context} deadline, and throws the failure.
 *
 * <p>{@code start} opens the persistent queue (looking up the storage extension named by
 * {@code sending_queue.storage}), starts the exporter's own {@code lifecycle} and then the queue
 * consumers; {@code shutdown} stops intake ("exporter is shutting down"), drains or persists the
 * queue within the deadline and then shuts {@code lifecycle} down.
 */
public final class ExporterHelper {
  private ExporterHelper() {}

  /**
   * Creates the exporter.
   *
   * @param settings the exporter's settings: id, logger, meter provider and status reporter
   * @param signal the signal the exporter carries
   * @param config the exporter's {@code timeout}, {@code retry_on_failure} and {@code sending_queue}
   * @param pusher the exporter's send
   * @param codec encodes batches for a persistent queue, e.g. {@link BatchCodec#TRACES}
   * @param lifecycle the exporter's own start and shutdown (e.g. opening a connection); may be a
   *     no-op {@code new Component() {}}
   */
  public static <B extends Batch<B>> Exporter<B> create(ComponentSettings settings, Signal signal,
      ExporterHelperConfig config, Pusher<B> pusher, BatchCodec<B> codec, Component lifecycle) {
    return create(settings, signal, config, pusher, codec, lifecycle, Time.SYSTEM,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  static <B extends Batch<B>> Exporter<B> create(ComponentSettings settings, Signal signal,
      ExporterHelperConfig config, Pusher<B> pusher, BatchCodec<B> codec, Component lifecycle, Time time,
      DoubleSupplier random) {
    requireNonNull(settings, "settings");
    requireNonNull(signal, "signal");
    requireNonNull(config, "config");
    requireNonNull(pusher, "pusher");
    requireNonNull(codec, "codec");
    requireNonNull(lifecycle, "lifecycle");
    return new HelperExporter<>(settings, signal, config, pusher, codec, lifecycle, time, random);
  }

  private static final class HelperExporter<B extends Batch<B>> implements Exporter<B> {
    private final ComponentSettings settings;
    private final Signal signal;
    private final ExporterHelperConfig config;
    private final BatchCodec<B> codec;
    private final Component lifecycle;
    private final Time time;
    private final ExporterMetrics metrics;
    private final ShutdownSignal shutdownSignal = new ShutdownSignal();
    private final Sender<B> chain;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile @Nullable QueueSender<B> queueSender;
    private @Nullable StorageClient storageClient;

    HelperExporter(ComponentSettings settings, Signal signal, ExporterHelperConfig config, Pusher<B> pusher,
        BatchCodec<B> codec, Component lifecycle, Time time, DoubleSupplier random) {
      this.settings = settings;
      this.signal = signal;
      this.config = config;
      this.codec = codec;
      this.lifecycle = lifecycle;
      this.time = time;
      this.metrics = new ExporterMetrics(settings, signal);
      Sender<B> observed = new ObservedSender<>(pusher, metrics, settings.status(), time);
      Sender<B> timeout = new TimeoutSender<>(config.timeout(), time, observed);
      this.chain = new RetrySender<>(config.retry(), time, shutdownSignal, random, metrics, settings.logger(), timeout);
    }

    @Override
    public void start(Host host) throws Exception {
      if (!started.compareAndSet(false, true)) {
        return;
      }
      QueueConfig q = config.queue();
      StorageClient client = null;
      if (q.enabled() && q.storage() != null) {
        client = openStorage(host, q.storage());
      }
      try {
        lifecycle.start(host);
      } catch (Exception | Error e) {
        if (client != null) {
          client.close();
        }
        throw e;
      }
      storageClient = client;
      if (q.enabled()) {
        BoundedQueue<B> queue = new BoundedQueue<>(q.sizer(), q.queueSize(), client, client == null ? null : codec);
        if (client != null) {
          for (String k : queue.replay()) {
            metrics.corruptEntries.add(1);
            settings.logger().error("Dropped a persistent queue entry that cannot be read", "key", k);
          }
          long pending = queue.size();
          if (pending > 0) {
            settings.logger().info("Replaying the persistent sending queue", "size", pending, "sizer", q.sizer().configName());
          }
        }
        QueueSender<B> qs = new QueueSender<>(q, queue, chain, shutdownSignal, time, metrics, settings.logger(),
            config.timeout().timeout(), settings.id().toString(), signal);
        qs.start();
        queueSender = qs;
      }
    }

    private StorageClient openStorage(Host host, ComponentId storageId) throws IOException {
      StorageExtension ext = host.extension(storageId, StorageExtension.class).orElseThrow(() -> new IllegalStateException(
          "exporter \"" + settings.id() + "\": sending_queue.storage references \"" + storageId
              + "\", which is not a started storage extension (expected: a storage extension such as file_storage listed in service.extensions)"));
      return ext.client(Kind.EXPORTER, settings.id(), signal.configName());
    }

    @Override
    public void consume(Context context, B batch) {
      if (stopping) {
        throw new RetryableConsumeException("exporter is shutting down");
      }
      if (batch.isEmpty()) {
        return;
      }
      if (config.queue().enabled()) {
        QueueSender<B> qs = queueSender;
        if (qs == null) {
          throw new RetryableConsumeException("exporter is not started");
        }
        qs.offer(context, batch);
        return;
      }
      sendNow(context, batch);
    }

    private void sendNow(Context context, B batch) {
      long deadline = Sender.NO_DEADLINE;
      Instant d = context.deadline();
      if (d != null) {
        deadline = Sender.saturatedAdd(time.nanoTime(), Math.max(0, Duration.between(Instant.now(), d).toNanos()));
      }
      try {
        chain.send(batch, deadline);
      } catch (ShutdownAbortException e) {
        metrics.sendFailed.add(batch.itemCount());
        throw new RetryableConsumeException("exporter is shutting down", null, e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new RetryableConsumeException(RetrySender.describe(e), null, e);
      }
    }

    @Override
    public void shutdown(Duration deadline) throws Exception {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      stopping = true;
      long end = Sender.saturatedAdd(System.nanoTime(), deadline.toNanos());
      QueueSender<B> qs = queueSender;
      try {
        if (qs != null) {
          qs.shutdown(deadline);
        } else {
          // Synchronous sends in progress may retry until the deadline, not after.
          shutdownSignal.begin(Sender.saturatedAdd(time.nanoTime(), deadline.toNanos()));
          metrics.close();
        }
      } finally {
        StorageClient client = storageClient;
        try {
          if (client != null) {
            client.close();
          }
        } finally {
          lifecycle.shutdown(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
      }
    }

    @Override
    public String toString() {
      return "ExporterHelper{" + settings.id() + ", " + signal.configName() + "}";
    }
  }
}
