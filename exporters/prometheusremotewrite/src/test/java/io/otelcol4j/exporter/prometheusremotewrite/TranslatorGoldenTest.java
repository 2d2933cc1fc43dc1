package io.otelcol4j.exporter.prometheusremotewrite;

import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.SECOND;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.T0;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.attr;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.counter;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.exemplar;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.gauge;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.histogram;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.histogramPoint;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.intPoint;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.point;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.resource;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.rm;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.otelcol4j.consumer.MetricsBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Translation golden files: each case's WriteRequest, encoded, decoded independently and rendered
 * as text, must equal {@code testdata/<case>.out}. Regenerate with
 * {@code -Dotelcol4j.updateGolden=true} and review the diff.
 */
class TranslatorGoldenTest {
  private static final String TRACE = "0102030405060708090a0b0c0d0e0f10";
  private static final String SPAN = "0102030405060708";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.argumentSet("gauge_and_sum", "gauge_and_sum", options(c -> c), List.of(gaugesAndSums())),
        Arguments.argumentSet("naming", "naming", options(c -> c), List.of(naming())),
        Arguments.argumentSet("no_suffixes", "no_suffixes", options(c -> new Opt(c).suffixes(false)), List.of(naming())),
        Arguments.argumentSet("histogram", "histogram", options(c -> c), List.of(histograms())),
        Arguments.argumentSet("summary", "summary", options(c -> c), List.of(summaries())),
        Arguments.argumentSet("exponential_histogram", "exponential_histogram", options(c -> c),
            List.of(exponentialHistograms())),
        Arguments.argumentSet("staleness", "staleness", options(c -> c), List.of(stale())),
        Arguments.argumentSet("target_info_external_labels_namespace", "target_info_external_labels_namespace",
            new Translator.Options("app", Map.of("cluster", "prod", "job", "ignored-when-present"), false, true, false,
                true, false), List.of(resources())),
        Arguments.argumentSet("resource_to_telemetry_no_target_info", "resource_to_telemetry_no_target_info",
            new Translator.Options("", Map.of(), true, false, false, true, false), List.of(resources())),
        Arguments.argumentSet("metadata_and_created", "metadata_and_created",
            new Translator.Options("", Map.of(), false, true, true, true, true), List.of(gaugesAndSums(), histograms(),
                summaries())));
  }

  /** A mutable helper to tweak the default options in one line. */
  private record Opt(Translator.Options o) {
    Translator.Options suffixes(boolean v) {
      return new Translator.Options(o.namespace(), o.externalLabels(), o.resourceToTelemetry(), o.targetInfo(),
          o.exportCreated(), v, o.sendMetadata());
    }
  }

  private static Translator.Options options(java.util.function.UnaryOperator<Translator.Options> f) {
    return f.apply(Translator.Options.of(PrometheusRemoteWriteExporterConfig.of("http://127.0.0.1:9090/api/v1/write")));
  }

  private static ResourceMetrics gaugesAndSums() {
    NumberDataPoint withExemplar = point(42, T0, attr("method", "GET")).toBuilder()
        .addExemplars(exemplar(3, T0 - SECOND, TRACE, SPAN, attr("user", "u1"))).build();
    return rm(resource(attr("service.name", "checkout")),
        gauge("cpu.temperature", "Cel", point(61.5, T0, attr("core", "0")), point(63, T0, attr("core", "1"))),
        gauge("memory.utilization", "1", point(0.25, T0)),
        counter("http.server.requests", "{request}", withExemplar, point(43, T0 + SECOND, attr("method", "GET"))),
        counter("network.io", "By", intPoint(1024, T0, attr("direction", "in"))),
        sum("queue.length", "{item}", false, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
            intPoint(7, T0)),
        sum("delta.requests", "1", true, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, intPoint(5, T0)));
  }

  private static ResourceMetrics naming() {
    return rm(resource(attr("service.name", "svc")),
        gauge("http.server.duration", "ms", point(12, T0, attr("http.method", "GET"), attr("2xx", "yes"),
            attr("_private", "p"), attr("__reserved", "r"), attr("a.b", "1"), attr("a_b", "2"))),
        gauge("1st-metric", "", point(1, T0)),
        gauge("rate", "By/s", point(2, T0)),
        gauge("already_seconds", "s", point(3, T0)),
        counter("requests_total", "", point(4, T0)),
        gauge("braces", "{packets}/s", point(5, T0)),
        gauge("unicode.naïve", "", point(6, T0)));
  }

  private static ResourceMetrics histograms() {
    var p = histogramPoint(T0, List.of(0.5, 1.0, 10.0), List.of(1L, 2L, 3L, 4L), 55.5, attr("route", "/a")).toBuilder()
        .addExemplars(exemplar(0.7, T0 - SECOND, TRACE, SPAN))
        .addExemplars(exemplar(50, T0 - SECOND, TRACE, SPAN))
        .build();
    return rm(resource(attr("service.name", "api"), attr("service.instance.id", "i-1")),
        histogram("http.server.request.duration", "s", p));
  }

  private static ResourceMetrics summaries() {
    SummaryDataPoint p = SummaryDataPoint.newBuilder().setTimeUnixNano(T0).setStartTimeUnixNano(T0 - 60 * SECOND)
        .setCount(10).setSum(12.5)
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1.1))
        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(2.2))
        .build();
    return rm(resource(attr("service.name", "db")),
        Metric.newBuilder().setName("query.latency").setUnit("s").setSummary(Summary.newBuilder().addDataPoints(p)).build());
  }

  private static ResourceMetrics exponentialHistograms() {
    ExponentialHistogramDataPoint p = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(9)
        .setSum(20).setScale(2).setZeroCount(1)
        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-1).addAllBucketCounts(List.of(1L, 2L, 0L, 3L)))
        .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addAllBucketCounts(List.of(2L)))
        .addAttributes(attr("case", "scale2")).build();
    ExponentialHistogramDataPoint fine = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(6)
        .setSum(7).setScale(10)
        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(3).addAllBucketCounts(List.of(1L, 2L, 3L)))
        .addAttributes(attr("case", "scale10_downscaled")).build();
    ExponentialHistogramDataPoint coarse = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(1)
        .setScale(-5)
        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addBucketCounts(1))
        .addAttributes(attr("case", "scale-5_dropped")).build();
    return rm(resource(attr("service.name", "api")),
        Metric.newBuilder().setName("latency").setUnit("ms").setExponentialHistogram(ExponentialHistogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(p).addDataPoints(fine).addDataPoints(coarse)).build());
  }

  private static ResourceMetrics stale() {
    int flag = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
    return rm(resource(attr("service.name", "svc")),
        gauge("up", "", point(1, T0), point(0, T0 + SECOND).toBuilder().setFlags(flag).build()),
        histogram("size", "By", histogramPoint(T0, List.of(1.0), List.of(1L, 1L), 3).toBuilder().setFlags(flag).build()));
  }

  private static ResourceMetrics resources() {
    return rm(resource(attr("service.name", "cart"), attr("service.namespace", "shop"),
            attr("service.instance.id", "pod-7"), attr("k8s.pod.name", "cart-7"), attr("host.arch", "amd64")),
        gauge("queue.depth", "", point(3, T0, attr("queue", "orders")), point(4, T0 + 2 * SECOND, attr("queue", "orders"))));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void translationMatchesGoldenFile(String name, Translator.Options options, List<ResourceMetrics> input) throws IOException {
    String text = render(new Translator(options).translate(input));
    String file = name + ".out";
    if (Boolean.getBoolean("otelcol4j.updateGolden")) {
      Path p = Path.of("src/test/resources/testdata", file);
      Files.writeString(p, text, StandardCharsets.UTF_8);
      return;
    }
    assertThat(text).isEqualTo(golden(file));
  }

  /** The same cases from received bytes: the wire reader must give the same WriteRequest. */
  @ParameterizedTest
  @MethodSource("cases")
  void translationFromReceivedBytesMatchesGoldenFile(String name, Translator.Options options, List<ResourceMetrics> input)
      throws IOException {
    MetricsBatch batch = MetricsBatch.parseFrom(ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(input)
        .build().toByteArray());
    assertThat(batch.wireBytes()).isNotNull();

    assertThat(render(new Translator(options).translate(batch))).isEqualTo(golden(name + ".out"));
  }

  private static String golden(String file) throws IOException {
    try (InputStream in = TranslatorGoldenTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as("golden file testdata/%s (create it with -Dotelcol4j.updateGolden=true)", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
  }

  /** A translation as text: its WriteRequest (series in translation order, then metadata), decoded independently. */
  static String render(Translator.Result result) throws IOException {
    List<byte[]> series = new ArrayList<>();
    result.series().forEach(s -> series.add(RemoteWrite.encode(s)));
    List<byte[]> metadata = new ArrayList<>();
    result.metadata().forEach(m -> metadata.add(RemoteWrite.encode(m)));
    return WriteRequestText.decode(RemoteWrite.writeRequest(series, metadata)).render()
        + "dropped " + result.droppedPoints() + (result.firstDropReason() == null ? "" : ": " + result.firstDropReason()) + "\n";
  }
}
