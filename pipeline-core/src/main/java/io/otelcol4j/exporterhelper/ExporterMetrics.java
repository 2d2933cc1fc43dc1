package io.otelcol4j.exporterhelper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The exporter helper's own metrics, named as the collector's exporterhelper names them:
 * {@code otelcol_exporter_sent_<items>}, {@code otelcol_exporter_send_failed_<items>},
 * {@code otelcol_exporter_enqueue_failed_<items>} (attribute {@code exporter}) and the gauges
 * {@code otelcol_exporter_queue_size} / {@code otelcol_exporter_queue_capacity} (attributes
 * {@code exporter} and {@code data_type}). Ours in addition:
 * {@code otelcol_exporter_queue_corrupt_entries}, persistent-queue entries that could not be read
 * and were deleted (their item count is unknown).
 */
final class ExporterMetrics {
  final BoundCounter sent;
  final BoundCounter sendFailed;
  final BoundCounter enqueueFailed;
  final BoundCounter corruptEntries;
  private final Meter meter;
  private final Attributes queueAttributes;
  private final List<ObservableLongGauge> gauges = new ArrayList<>();

  ExporterMetrics(ComponentSettings settings, Signal signal) {
    var p = settings.meterProvider();
    var id = settings.id();
    sent = ComponentMetrics.itemCounter(p, Kind.EXPORTER, id, signal, "sent",
        "Number of " + signal.itemNoun() + " successfully sent to destination.");
    sendFailed = ComponentMetrics.itemCounter(p, Kind.EXPORTER, id, signal, "send_failed",
        "Number of " + signal.itemNoun() + " in failed attempts to send to destination.");
    enqueueFailed = ComponentMetrics.itemCounter(p, Kind.EXPORTER, id, signal, "enqueue_failed",
        "Number of " + signal.itemNoun() + " failed to be added to the sending queue.");
    corruptEntries = ComponentMetrics.counter(p, "otelcol_exporter_queue_corrupt_entries", Kind.EXPORTER, id, signal,
        "Number of persistent queue entries that could not be read and were deleted.");
    meter = ComponentMetrics.meter(p);
    queueAttributes = Attributes.of(AttributeKey.stringKey("exporter"), id.toString(),
        AttributeKey.stringKey("data_type"), signal.configName());
  }

  /** Registers the queue gauges; {@link #close()} unregisters them. */
  void registerQueue(LongSupplier size, long capacity) {
    gauges.add(meter.gaugeBuilder("otelcol_exporter_queue_size").ofLongs()
        .setDescription("Current size of the retry queue (in batches)")
        .buildWithCallback(m -> m.record(size.getAsLong(), queueAttributes)));
    gauges.add(meter.gaugeBuilder("otelcol_exporter_queue_capacity").ofLongs()
        .setDescription("Fixed capacity of the retry queue (in batches)")
        .buildWithCallback(m -> m.record(capacity, queueAttributes)));
  }

  void close() {
    for (ObservableLongGauge g : gauges) {
      g.close();
    }
    gauges.clear();
  }
}
