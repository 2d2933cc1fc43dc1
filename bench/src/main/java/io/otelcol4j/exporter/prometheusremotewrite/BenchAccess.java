package io.otelcol4j.exporter.prometheusremotewrite;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.otelcol4j.consumer.MetricsBatch;
import java.util.List;
import java.util.Map;

/**
 * Benchmark-only bridge (lives in the bench module, same package name as the exporter) to the
 * exporter's package-private translation and encoding, with the exporter's default options
 * ({@code target_info} off, suffixes on, no namespace, no metadata).
 */
public final class BenchAccess {
  private BenchAccess() {}

  private static final Translator.Options OPTIONS =
      new Translator.Options("", Map.of(), false, false, false, true, false);

  /** A translator and request writer, as one exporter thread holds them. */
  public static final class Worker {
    private final Translator translator = new Translator(OPTIONS);
    private final PrometheusRemoteWriteExporter.RequestWriter writer = new PrometheusRemoteWriteExporter.RequestWriter();

    /** Translates OTLP messages; returns the number of series. */
    public int translate(List<ResourceMetrics> resources) {
      return translator.translate(resources).series().size();
    }

    /** Translates a batch (from its received bytes when it has them); returns the number of series. */
    public int translate(MetricsBatch batch) {
      return translator.translate(batch).series().size();
    }

    /** Translates a batch, encodes one WriteRequest of its series sorted by labels, snappy; returns the compressed size. */
    public int translateEncodeCompress(MetricsBatch batch) {
      List<RemoteWrite.Series> series = new java.util.ArrayList<>(translator.translate(batch).series());
      series.sort(RemoteWrite.BY_LABELS);
      int size = 0;
      for (RemoteWrite.Series s : series) {
        size += RemoteWrite.fieldSize(s);
      }
      return writer.series(series, 0, series.size(), size).length;
    }
  }
}
