package io.otelcol4j.receiver.inprocess;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.telemetry.Logger;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * OpenTelemetry SDK exporters that feed a collector's {@code inprocess} receiver in the same JVM,
 * for applications that embed otelcol4j:
 *
 * <pre>{@code
 * SdkTracerProvider tracing = SdkTracerProvider.builder()
 *     .addSpanProcessor(BatchSpanProcessor.builder(InProcessExporters.spanExporter("inprocess/app")).build())
 *     .build();
 * }</pre>
 *
 * <p>An exporter finds its receiver by id at every export, so it may be built before the
 * collector starts and keeps working across collector restarts. Each export converts the SDK data
 * to OTLP (see {@code SdkToOtlp}) and calls the receiver's pipeline on the SDK's export thread;
 * the result is:
 *
 * <ul>
 *   <li>success once the pipeline accepted the data (e.g. queued by an exporter);
 *   <li>failure when the pipeline refused it, retryable or not. The SDK's processors do not
 *       retry a failed export: the batch is dropped, and the refusal is counted by the collector as
 *       {@code otelcol_receiver_refused_*} of the receiver;
 *   <li>failure while no receiver with the id is started (before the collector starts, after it
 *       stops, or for a misspelt id): logged at warn once per such period, with the number of
 *       items dropped in it so far counted by {@link #droppedWhileUnavailable()}.
 * </ul>
 *
 * <p>After the SDK exporter's own {@code shutdown}, exports fail.
 */
public final class InProcessExporters {
  private static final Logger DEFAULT_LOGGER = Logger.stderr().with("component", "inprocess_exporter");
  private static final AtomicLong DROPPED = new AtomicLong();

  private InProcessExporters() {}

  /** A span exporter feeding the traces pipelines of receiver {@code receiverId}, e.g. {@code "inprocess/app"}. */
  public static SpanExporter spanExporter(String receiverId) {
    return new Spans(new Target(receiverId, DEFAULT_LOGGER));
  }

  /**
   * A metric exporter feeding the metrics pipelines of receiver {@code receiverId}, asking the SDK
   * for cumulative temporality (the OTLP exporter's default).
   */
  public static MetricExporter metricExporter(String receiverId) {
    return metricExporter(receiverId, AggregationTemporalitySelector.alwaysCumulative());
  }

  /** A metric exporter as {@link #metricExporter(String)}, with the given temporality per instrument. */
  public static MetricExporter metricExporter(String receiverId, AggregationTemporalitySelector temporality) {
    return new Metrics(new Target(receiverId, DEFAULT_LOGGER), requireNonNull(temporality, "temporality"));
  }

  /** A log record exporter feeding the logs pipelines of receiver {@code receiverId}. */
  public static LogRecordExporter logRecordExporter(String receiverId) {
    return new Logs(new Target(receiverId, DEFAULT_LOGGER));
  }

  /** Items exported while their receiver was not started, since the JVM started. */
  public static long droppedWhileUnavailable() {
    return DROPPED.get();
  }

  /** The receiver id one exporter feeds, and what it does when the receiver is absent. */
  private static final class Target {
    private final String id;
    private final Logger logger;
    private final AtomicBoolean unavailableLogged = new AtomicBoolean();
    private final AtomicBoolean shutdown = new AtomicBoolean();

    Target(String id, Logger logger) {
      // Parsed to reject a malformed id at build time; looked up by its canonical text.
      this.id = ComponentId.parse(requireNonNull(id, "receiverId")).toString();
      this.logger = logger;
    }

    <T> CompletableResultCode export(Collection<T> items, String what, BiConsumer<InProcessReceiver, Collection<T>> send) {
      if (shutdown.get()) {
        return CompletableResultCode.ofFailure();
      }
      if (items.isEmpty()) {
        return CompletableResultCode.ofSuccess();
      }
      InProcessReceiver r = InProcessReceiver.lookup(id);
      if (r == null) {
        long dropped = DROPPED.addAndGet(items.size());
        if (unavailableLogged.compareAndSet(false, true)) {
          logger.warn("The inprocess receiver is not started; exports fail until it is", "receiver", id,
              "dropped_" + what, items.size(), "dropped_total", dropped);
        }
        return CompletableResultCode.ofFailure();
      }
      unavailableLogged.set(false);
      try {
        send.accept(r, items);
        return CompletableResultCode.ofSuccess();
      } catch (RuntimeException e) {
        return CompletableResultCode.ofExceptionalFailure(e);
      } catch (Error e) {
        Failures.propagateIfFatal(e);
        return CompletableResultCode.ofExceptionalFailure(e);
      }
    }

    CompletableResultCode shutdown() {
      shutdown.set(true);
      return CompletableResultCode.ofSuccess();
    }
  }

  private static final class Spans implements SpanExporter {
    private final Target target;

    Spans(Target target) {
      this.target = target;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return target.export(spans, "spans", (r, items) -> r.consume(SdkToOtlp.traces(items)));
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return target.shutdown();
    }

    @Override
    public String toString() {
      return "InProcessSpanExporter{" + target.id + "}";
    }
  }

  private static final class Metrics implements MetricExporter {
    private final Target target;
    private final AggregationTemporalitySelector temporality;

    Metrics(Target target, AggregationTemporalitySelector temporality) {
      this.target = target;
      this.temporality = temporality;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return temporality.getAggregationTemporality(instrumentType);
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return target.export(metrics, "metrics", (r, items) -> r.consume(SdkToOtlp.metrics(items)));
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return target.shutdown();
    }

    @Override
    public String toString() {
      return "InProcessMetricExporter{" + target.id + "}";
    }
  }

  private static final class Logs implements LogRecordExporter {
    private final Target target;

    Logs(Target target) {
      this.target = target;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      return target.export(logs, "log_records", (r, items) -> r.consume(SdkToOtlp.logs(items)));
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return target.shutdown();
    }

    @Override
    public String toString() {
      return "InProcessLogRecordExporter{" + target.id + "}";
    }
  }
}
