package io.otelcol4j.receiver.inprocess;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Host;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One {@code inprocess} receiver id: holds the pipeline consumer of each signal it is configured
 * for and, while started, is findable by id through {@link #lookup(String)}.
 *
 * <p><b>Why a static registry.</b> Components otherwise take everything from their settings and
 * reach for no globals. This one is the hand-off point between two parts of one JVM that are
 * built independently: the host application's OpenTelemetry SDK (configured by the application,
 * possibly before the collector exists) and the collector's pipeline (built from YAML). The only
 * name both sides share is the receiver id, so the id-keyed map below is the rendezvous. It holds
 * a receiver only between its start and shutdown, and two started receivers cannot share an id.
 */
final class InProcessReceiver implements Component {
  private static final ConcurrentHashMap<String, InProcessReceiver> STARTED = new ConcurrentHashMap<>();

  private final ComponentId id;
  private final Logger logger;
  private final Runnable onShutdown;
  private volatile @Nullable TracesConsumer traces;
  private volatile @Nullable MetricsConsumer metrics;
  private volatile @Nullable LogsConsumer logs;
  private boolean started;
  private boolean stopped;

  InProcessReceiver(ComponentId id, Logger logger, Runnable onShutdown) {
    this.id = id;
    this.logger = logger;
    this.onShutdown = onShutdown;
  }

  /** The started receiver with this id, or null. */
  static @Nullable InProcessReceiver lookup(String id) {
    return STARTED.get(id);
  }

  void traces(TracesConsumer next) {
    traces = next;
  }

  void metrics(MetricsConsumer next) {
    metrics = next;
  }

  void logs(LogsConsumer next) {
    logs = next;
  }

  @Override
  public synchronized void start(Host host) {
    if (started) {
      return;
    }
    InProcessReceiver other = STARTED.putIfAbsent(id.toString(), this);
    if (other != null && other != this) {
      throw new IllegalStateException("receiver \"" + id + "\": another inprocess receiver with this id is already started"
          + " in this JVM (expected: one started collector per inprocess receiver id)");
    }
    started = true;
    logger.info("In-process receiver is ready", "id", id.toString());
  }

  @Override
  public synchronized void shutdown(Duration deadline) {
    if (stopped) {
      return;
    }
    stopped = true;
    STARTED.remove(id.toString(), this);
    onShutdown.run();
  }

  /** Feeds the traces pipeline; throws the pipeline's failure. */
  void consume(TracesBatch batch) {
    TracesConsumer c = traces;
    if (c == null) {
      throw new PermanentConsumeException(notInPipeline("traces"));
    }
    c.consume(Context.EMPTY, batch);
  }

  void consume(MetricsBatch batch) {
    MetricsConsumer c = metrics;
    if (c == null) {
      throw new PermanentConsumeException(notInPipeline("metrics"));
    }
    c.consume(Context.EMPTY, batch);
  }

  void consume(LogsBatch batch) {
    LogsConsumer c = logs;
    if (c == null) {
      throw new PermanentConsumeException(notInPipeline("logs"));
    }
    c.consume(Context.EMPTY, batch);
  }

  private String notInPipeline(String signal) {
    return "receiver \"" + id + "\" is in no " + signal + " pipeline";
  }

  @Override
  public String toString() {
    return "InProcessReceiver{" + id + "}";
  }
}
