package io.otelcol4j.exporter.debug;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporter.debug.DebugExporterConfig.Verbosity;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import io.otelcol4j.telemetry.Logger;
import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Writes each batch as a summary record ({@code Traces {"resource spans": 1, "spans": 2}}) and, at
 * normal or detailed verbosity, a second record holding the rendered items, as the collector's
 * debug exporter does. Both records go through the {@link Sampler}. Local and synchronous: it never
 * fails, and every batch counts as sent.
 */
final class DebugExporter<B extends Batch<B>> implements Exporter<B> {
  private final Signal signal;
  private final Verbosity verbosity;
  private final Logger logger;
  private final @Nullable PrintStream stdout;
  private final Sampler sampler;
  private final BoundCounter sent;

  /**
   * @param stdout where to write when {@code use_internal_logger} is false (the process's stdout
   *     in production); ignored otherwise
   */
  DebugExporter(ComponentSettings settings, DebugExporterConfig config, Signal signal, @Nullable PrintStream stdout,
      LongSupplier nanoClock) {
    this.signal = signal;
    this.verbosity = config.verbosity();
    this.logger = settings.logger();
    this.stdout = config.useInternalLogger() ? null : stdout;
    this.sampler = new Sampler(config.samplingInitial(), config.samplingThereafter(), nanoClock);
    this.sent = ComponentMetrics.itemCounter(settings.meterProvider(), Kind.EXPORTER, settings.id(), signal, "sent",
        "Number of " + signal.itemNoun().replace('_', ' ') + " successfully sent to destination.");
  }

  @Override
  public void consume(Context context, B batch) {
    if (stdout != null || logger.isEnabled(Logger.Level.INFO)) {
      switch (signal) {
        case TRACES:
          TracesBatch t = (TracesBatch) batch;
          write("Traces", "resource spans", t.resourceCount(), "spans", t.itemCount());
          break;
        case METRICS:
          MetricsBatch m = (MetricsBatch) batch;
          write("Metrics", "resource metrics", m.resourceCount(), "metrics", metricCount(m), "data points",
              m.itemCount());
          break;
        default:
          LogsBatch l = (LogsBatch) batch;
          write("Logs", "resource logs", l.resourceCount(), "log records", l.itemCount());
      }
      if (verbosity != Verbosity.BASIC) {
        write(render(batch));
      }
    }
    sent.add(batch.itemCount());
  }

  private String render(B batch) {
    boolean detailed = verbosity == Verbosity.DETAILED;
    switch (signal) {
      case TRACES:
        return detailed ? DetailedText.traces((TracesBatch) batch) : NormalText.traces((TracesBatch) batch);
      case METRICS:
        return detailed ? DetailedText.metrics((MetricsBatch) batch) : NormalText.metrics((MetricsBatch) batch);
      default:
        return detailed ? DetailedText.logs((LogsBatch) batch) : NormalText.logs((LogsBatch) batch);
    }
  }

  private static int metricCount(MetricsBatch batch) {
    int n = 0;
    for (var rm : batch.resourceMetrics()) {
      for (var sm : rm.getScopeMetricsList()) {
        n += sm.getMetricsCount();
      }
    }
    return n;
  }

  /** One record, sampled; {@code fields} alternate names and integer values. */
  private void write(String message, Object... fields) {
    if (!sampler.allow(message)) {
      return;
    }
    PrintStream out = stdout;
    if (out == null) {
      logger.info(message, fields);
      return;
    }
    // zap's console encoding without time and level, as the collector's stdout logger writes.
    StringBuilder sb = new StringBuilder(message.length() + 64).append(message);
    if (fields.length > 0) {
      sb.append("\t{");
      for (int i = 0; i + 1 < fields.length; i += 2) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append('"').append(fields[i]).append("\": ").append(fields[i + 1]);
      }
      sb.append('}');
    }
    sb.append('\n');
    synchronized (out) {
      out.print(sb);
      out.flush();
    }
  }
}
