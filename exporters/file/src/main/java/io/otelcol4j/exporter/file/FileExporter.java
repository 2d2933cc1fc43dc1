package io.otelcol4j.exporter.file;

import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.otlp.OtlpJson;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code file} exporter for one signal: encodes each batch as one export request (OTLP/JSON or
 * protobuf, outside the lock) and hands it to the {@link FileWriter} shared by the exporter id.
 * {@code consume} returns once the record is in the writer's buffer; an I/O error is a retryable
 * failure.
 */
final class FileExporter<B extends Batch<B>> implements Exporter<B> {
  private final Signal signal;
  private final FileWriter writer;
  private final boolean json;
  private final BoundCounter sent;
  private final BoundCounter failed;
  private final AtomicBoolean released = new AtomicBoolean();

  /** @param writer an already {@linkplain FileWriter#acquire() acquired} writer */
  FileExporter(ComponentSettings settings, Signal signal, FileWriter writer) {
    this.signal = signal;
    this.writer = writer;
    this.json = writer.config().format() == FileExporterConfig.Format.JSON;
    String items = signal.itemNoun().replace('_', ' ');
    this.sent = ComponentMetrics.itemCounter(settings.meterProvider(), Kind.EXPORTER, settings.id(), signal, "sent",
        "Number of " + items + " successfully sent to destination.");
    this.failed = ComponentMetrics.itemCounter(settings.meterProvider(), Kind.EXPORTER, settings.id(), signal,
        "send_failed", "Number of " + items + " in failed attempts to send to destination.");
  }

  @Override
  public void start(Host host) throws IOException {
    writer.start();
  }

  @Override
  public void consume(Context context, B batch) {
    if (released.get()) {
      failed.add(batch.itemCount());
      throw new RetryableConsumeException("file exporter is shut down");
    }
    byte[] payload = json ? encodeJson(batch).getBytes(StandardCharsets.UTF_8) : batch.toByteArray();
    try {
      writer.write(payload);
    } catch (IOException | IllegalStateException e) {
      failed.add(batch.itemCount());
      throw new RetryableConsumeException("writing to " + writer.path() + " failed: " + e.getMessage(), null, e);
    }
    sent.add(batch.itemCount());
  }

  private String encodeJson(B batch) {
    switch (signal) {
      case TRACES:
        return OtlpJson.toJson((TracesBatch) batch);
      case METRICS:
        return OtlpJson.toJson((MetricsBatch) batch);
      default:
        return OtlpJson.toJson((LogsBatch) batch);
    }
  }

  @Override
  public void shutdown(Duration deadline) throws IOException {
    if (released.compareAndSet(false, true)) {
      writer.release();
    }
  }
}
