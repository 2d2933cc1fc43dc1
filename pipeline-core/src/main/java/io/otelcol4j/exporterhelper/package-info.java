/**
 * The exporter helper: what every network exporter needs between the pipeline and its backend,
 * as the collector's {@code exporterhelper} provides it. An exporter supplies a {@link
 * io.otelcol4j.exporterhelper.Pusher} (its send) and embeds {@link
 * io.otelcol4j.exporterhelper.ExporterHelperConfig} in its config; {@link
 * io.otelcol4j.exporterhelper.ExporterHelper#create} builds the chain
 *
 * <pre>
 * QueueSender → RetrySender → TimeoutSender → ObservedSender → Pusher
 * </pre>
 *
 * <p>Config keys, read from the exporter's node with the collector's names and defaults:
 * {@code timeout} (5s), {@code retry_on_failure} ({@code enabled} true, {@code initial_interval}
 * 5s, {@code randomization_factor} 0.5, {@code multiplier} 1.5, {@code max_interval} 30s, {@code
 * max_elapsed_time} 300s) and {@code sending_queue} ({@code enabled} true, {@code num_consumers} 10,
 * {@code queue_size} 1000, {@code sizer} requests, {@code block_on_overflow} false, {@code
 * wait_for_result} false, {@code storage} none, {@code batch} absent; when written: {@code
 * flush_timeout} 200ms, {@code min_size} 8192, {@code max_size} 0, {@code sizer} items).
 *
 * <p>Own metrics: {@code otelcol_exporter_sent_<items>}, {@code otelcol_exporter_send_failed_<items>},
 * {@code otelcol_exporter_enqueue_failed_<items>}, {@code otelcol_exporter_queue_size}, {@code
 * otelcol_exporter_queue_capacity} and {@code otelcol_exporter_queue_corrupt_entries}.
 */
@NullMarked
package io.otelcol4j.exporterhelper;

import org.jspecify.annotations.NullMarked;
