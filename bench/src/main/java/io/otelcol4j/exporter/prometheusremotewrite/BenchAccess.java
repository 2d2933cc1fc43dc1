package io.otelcol4j.exporter.prometheusremotewrite;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
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

  /** Translates; returns the number of series. */
  public static int translate(List<ResourceMetrics> resources) {
    return new Translator(OPTIONS).translate(resources).series().size();
  }

  /** Translates, encodes a WriteRequest and snappy-compresses it; returns the compressed size. */
  public static int translateEncodeCompress(List<ResourceMetrics> resources) {
    Translator.Result r = new Translator(OPTIONS).translate(resources);
    List<byte[]> encoded = new ArrayList<>(r.series().size());
    for (RemoteWrite.TimeSeries ts : r.series()) {
      encoded.add(RemoteWrite.encode(ts));
    }
    byte[] body = RemoteWrite.writeRequest(encoded, List.of());
    return PrometheusRemoteWriteExporter.snappy(body).length;
  }
}
