package io.otelcol4j.exporter.prometheusremotewrite;

import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.SECOND;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.T0;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.attr;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.batch;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.gauge;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.point;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.resource;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.rm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.exporter.prometheusremotewrite.FakeRemoteWrite.Response;
import io.otelcol4j.testing.NopHost;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusRemoteWriteExporterTest {
  private static final String FAST_RETRY =
      "retry_on_failure: {initial_interval: 10ms, max_interval: 50ms, max_elapsed_time: 0s}\n";

  private final TestSupport support = new TestSupport();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private FakeRemoteWrite server() throws Exception {
    FakeRemoteWrite s = new FakeRemoteWrite();
    closeables.add(s);
    return s;
  }

  private Exporter<MetricsBatch> start(String yaml, NopHost host) throws Exception {
    Exporter<MetricsBatch> e = new PrometheusRemoteWriteExporterFactory().createMetrics(support.settings(), TestSupport.config(yaml));
    e.start(host);
    closeables.add(() -> e.shutdown(Duration.ofSeconds(5)));
    return e;
  }

  /** A batch of {@code series} gauges "g{i}" at time T0 + t seconds with value t. */
  private static MetricsBatch gauges(int series, int t) {
    NumberDataPoint[] points = new NumberDataPoint[series];
    for (int i = 0; i < series; i++) {
      points[i] = point(t, T0 + t * SECOND, attr("i", i));
    }
    return batch(rm(resource(attr("service.name", "svc")), gauge("g", "", points)));
  }

  @Test
  void sendsSnappyProtobufWithRemoteWriteHeaders() throws Exception {
    FakeRemoteWrite server = server();
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nheaders: {X-Scope-OrgID: tenant-1}\n"
        + "remote_write_queue: {enabled: false}\n", new NopHost());

    e.consume(Context.EMPTY, gauges(1, 5));

    assertThat(server.accepted()).hasSize(1);
    FakeRemoteWrite.Request r = server.accepted().get(0);
    assertThat(r.headers()).containsEntry("content-encoding", "snappy")
        .containsEntry("content-type", "application/x-protobuf")
        .containsEntry("x-prometheus-remote-write-version", "0.1.0")
        .containsEntry("x-scope-orgid", "tenant-1");
    assertThat(r.headers().get("user-agent")).startsWith("otelcol4j/");
    assertThat(server.acceptedSamples()).containsExactly("{__name__=\"g\", i=\"0\", job=\"svc\"} sample 5 @1700000005000");
    assertThat(support.counter("otelcol_exporter_sent_metric_points")).isEqualTo(1);
    assertThat(support.counter("otelcol_exporter_prometheusremotewrite_sent_batches")).isEqualTo(1);
  }

  /** One series per target: {@code series} resources with their own service.instance.id. */
  private static MetricsBatch gaugesOverTargets(int series, int t) {
    List<io.opentelemetry.proto.metrics.v1.ResourceMetrics> rms = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      rms.add(rm(resource(attr("service.name", "svc"), attr("service.instance.id", "host-" + i)),
          gauge("g", "", point(t, T0 + t * SECOND, attr("i", i)))));
    }
    return MetricsBatch.of(rms);
  }

  @Test
  void shardsSeriesOverConsumersKeepingEachSeriesInOrder() throws Exception {
    FakeRemoteWrite server = server();
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {num_consumers: 3}\n"
        + FAST_RETRY, new NopHost());

    for (int t = 0; t < 5; t++) {
      e.consume(Context.EMPTY, gaugesOverTargets(30, t));
    }
    e.shutdown(Duration.ofSeconds(10));

    // 30 series over 3 shards: more than one request per batch.
    assertThat(server.accepted().size()).isGreaterThan(5);
    Map<String, List<String>> bySeries = new HashMap<>();
    for (String s : server.acceptedSamples()) {
      int cut = s.indexOf("} ") + 1;
      bySeries.computeIfAbsent(s.substring(0, cut), k -> new ArrayList<>()).add(s.substring(cut + 1));
    }
    assertThat(bySeries).hasSize(30);
    for (List<String> samples : bySeries.values()) {
      assertThat(samples).containsExactly("sample 0 @1700000000000", "sample 1 @1700000001000",
          "sample 2 @1700000002000", "sample 3 @1700000003000", "sample 4 @1700000004000");
    }
  }

  @Test
  void aMetricFamilyFromOneTargetTravelsInOneRequest() throws Exception {
    FakeRemoteWrite server = server();
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {num_consumers: 5}\n"
        + FAST_RETRY, new NopHost());

    e.consume(Context.EMPTY, gauges(40, 1)); // 40 series of "g" from job "svc": one shard, so one request
    e.shutdown(Duration.ofSeconds(10));

    assertThat(server.accepted()).hasSize(1);
    assertThat(server.acceptedSamples()).hasSize(40);
  }

  @Test
  void eachRequestHoldsItsSeriesSortedByNameThenLabels() throws Exception {
    FakeRemoteWrite server = server();
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {enabled: false, num_consumers: 1}\n",
        new NopHost());
    NumberDataPoint[] b = {point(1, T0, attr("i", 2)), point(2, T0, attr("i", 1))};
    NumberDataPoint[] a = {point(3, T0, attr("i", 9)), point(4, T0, attr("i", 0), attr("A", "x"))};
    // Received bytes, as the otlp receiver hands them over: the exporter reads them without protobuf messages.
    MetricsBatch received = MetricsBatch.parseFrom(io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
        .newBuilder().addResourceMetrics(rm(resource(attr("service.name", "svc")), gauge("b", "", b), gauge("a", "", a)))
        .build().toByteArray());

    e.consume(Context.EMPTY, received);

    assertThat(server.accepted()).hasSize(1);
    assertThat(server.acceptedSamples()).containsExactly(
        "{A=\"x\", __name__=\"a\", i=\"0\", job=\"svc\"} sample 4 @1700000000000",
        "{__name__=\"a\", i=\"9\", job=\"svc\"} sample 3 @1700000000000",
        "{__name__=\"b\", i=\"1\", job=\"svc\"} sample 2 @1700000000000",
        "{__name__=\"b\", i=\"2\", job=\"svc\"} sample 1 @1700000000000");
  }

  @Test
  void requestBuffersAreReusedAndLetGoWhenLarge() {
    PrometheusRemoteWriteExporter.RequestWriter w = new PrometheusRemoteWriteExporter.RequestWriter();
    byte[] small = "hello hello hello hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] first = w.compress(small, small.length);
    int retained = w.retainedBytes();
    assertThat(WriteRequestText.unsnappy(w.compress(small, small.length))).isEqualTo(small);
    assertThat(w.compress(small, small.length)).isEqualTo(first);
    assertThat(w.retainedBytes()).isEqualTo(retained);

    byte[] large = new byte[PrometheusRemoteWriteExporter.RequestWriter.RETAINED + 1];
    large[7] = 1;
    assertThat(WriteRequestText.unsnappy(w.compress(large, large.length))).isEqualTo(large);
    assertThat(w.retainedBytes()).isGreaterThan(PrometheusRemoteWriteExporter.RequestWriter.RETAINED);
    w.trim();
    assertThat(w.retainedBytes()).isLessThanOrEqualTo(retained);
    assertThat(WriteRequestText.unsnappy(w.compress(small, small.length))).isEqualTo(small);
  }

  @Test
  void splitsRequestsAtMaxBatchSizeBytes() throws Exception {
    FakeRemoteWrite server = server();
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nmax_batch_size_bytes: 200\n"
        + "remote_write_queue: {enabled: false, num_consumers: 1}\n", new NopHost());

    e.consume(Context.EMPTY, gauges(20, 1));

    assertThat(server.accepted().size()).isGreaterThan(5);
    for (FakeRemoteWrite.Request r : server.accepted()) {
      assertThat(WriteRequestText.unsnappy(r.body()).length).isLessThanOrEqualTo(200);
    }
    assertThat(server.acceptedSamples()).hasSize(20);
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
    FakeRemoteWrite server = server().responder(r -> r.index() < 2
        ? new Response(429, Map.of("Retry-After", "1"), "slow down") : Response.of(204));
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {enabled: false}\n"
        + FAST_RETRY, new NopHost());

    e.consume(Context.EMPTY, gauges(1, 1));

    List<FakeRemoteWrite.Request> all = server.requests();
    assertThat(all).hasSize(3);
    assertThat(server.accepted()).hasSize(1);
    // The 10ms backoff alone would retry at once: the 1s Retry-After is what spaces the attempts.
    assertThat(Duration.ofNanos(all.get(1).arrivalNanos() - all.get(0).arrivalNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(Duration.ofNanos(all.get(2).arrivalNanos() - all.get(1).arrivalNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void badRequestIsDroppedOnceLoggedAndCounted() throws Exception {
    FakeRemoteWrite server = server().responder(r -> new Response(400, Map.of(), "out of order sample"));
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {enabled: false, num_consumers: 1}\n"
        + FAST_RETRY, new NopHost());

    assertThatThrownBy(() -> e.consume(Context.EMPTY, gauges(3, 1)))
        .isInstanceOf(PermanentConsumeException.class)
        .hasMessageContaining("returned HTTP status 400; body: out of order sample");

    assertThat(server.requests()).hasSize(1);
    assertThat(support.counter("otelcol_exporter_send_failed_metric_points")).isEqualTo(3);
    assertThat(support.logs).anySatisfy(l -> assertThat(l).contains("not retryable").contains("out of order sample"));
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    FakeRemoteWrite server = server().responder(r -> r.index() < 3 ? new Response(503, Map.of(), "") : Response.of(200));
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {enabled: false, num_consumers: 1}\n"
        + FAST_RETRY, new NopHost());

    e.consume(Context.EMPTY, gauges(2, 1));

    assertThat(server.requests()).hasSize(4);
    assertThat(server.acceptedSamples()).hasSize(2);
  }

  @Test
  void walKeyKeepsBatchesOnDiskUntilTheEndpointIsBack(@TempDir Path dir) throws Exception {
    int port = downPort();
    // Users' configs written for upstream's write-ahead log: the persistent queue serves them.
    String yaml = "endpoint: http://127.0.0.1:" + port + "/api/v1/write\ntimeout: 1s\n"
        + "wal: {directory: '" + dir + "', buffer_size: 100, truncate_frequency: 45s}\n" + FAST_RETRY;

    Exporter<MetricsBatch> first = start(yaml, new NopHost());
    for (int t = 0; t < 3; t++) {
      first.consume(Context.EMPTY, gauges(2, t));
    }
    first.shutdown(Duration.ofMillis(500)); // the endpoint is down: the batches stay on disk
    assertThat(support.logs).anySatisfy(l -> assertThat(l).contains("wal: batches are kept in the persistent"
        + " sending queue until sent").contains(dir.toString()));

    FakeRemoteWrite server = new FakeRemoteWrite(port);
    closeables.add(server);
    Exporter<MetricsBatch> second = start(yaml, new NopHost());
    assertEventuallyAccepted(server, 3, 2);
    second.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void endpointDownThenBackLosesNothingWithAPersistentQueue(@TempDir Path dir) throws Exception {
    int port = downPort();
    String yaml = "endpoint: http://127.0.0.1:" + port + "/api/v1/write\ntimeout: 1s\n"
        + "sending_queue: {storage: file_storage/prw}\n" + FAST_RETRY;
    ComponentId storageId = ComponentId.of("file_storage", "prw");

    TestSupport.Storage storage1 = new TestSupport.Storage(dir);
    Exporter<MetricsBatch> first = new PrometheusRemoteWriteExporterFactory().createMetrics(support.settings(), TestSupport.config(yaml));
    first.start(new NopHost().with(storageId, storage1));
    for (int t = 0; t < 5; t++) {
      first.consume(Context.EMPTY, gauges(4, t));
    }
    // The endpoint is down: nothing can be sent; shutting down keeps the queue on disk.
    first.shutdown(Duration.ofMillis(500));
    storage1.shutdown(Duration.ofSeconds(1));

    FakeRemoteWrite server = new FakeRemoteWrite(port);
    closeables.add(server);
    TestSupport.Storage storage2 = new TestSupport.Storage(dir);
    closeables.add(() -> storage2.shutdown(Duration.ofSeconds(1)));
    Exporter<MetricsBatch> second = start(yaml, new NopHost().with(storageId, storage2));
    assertEventuallyAccepted(server, 5, 4);
    second.shutdown(Duration.ofSeconds(5));
  }

  /** A port nothing listens on (yet): the endpoint is down until a server is started on it. */
  private static int downPort() throws IOException {
    try (FakeRemoteWrite probe = new FakeRemoteWrite()) {
      return probe.port();
    }
  }

  /** Every sample of {@code batches} x {@code series} {@link #gauges} arrives within 20 s. */
  private static void assertEventuallyAccepted(FakeRemoteWrite server, int batches, int series) throws InterruptedException {
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < batches; t++) {
      for (int i = 0; i < series; i++) {
        expected.add("{__name__=\"g\", i=\"" + i + "\", job=\"svc\"} sample " + t + " @170000000" + t + "000");
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!new HashSet<>(server.acceptedSamples()).containsAll(expected) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(new HashSet<>(server.acceptedSamples())).containsAll(expected);
  }

  @Test
  void startFailsWhenTheAuthenticatorIsNotConfigured() throws Exception {
    Exporter<MetricsBatch> e = new PrometheusRemoteWriteExporterFactory().createMetrics(support.settings(),
        TestSupport.config("endpoint: http://127.0.0.1:1/api/v1/write\nauth: {authenticator: sigv4auth}\n"));
    closeables.add(() -> e.shutdown(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> e.start(new NopHost())).isInstanceOf(IllegalStateException.class)
        .hasMessage("exporter \"prometheusremotewrite\": auth.authenticator references \"sigv4auth\", which is not a"
            + " started HTTP client authenticator (expected: an extension such as sigv4auth listed in service.extensions)");
  }

  @Test
  void untranslatablePointsAreCountedNotSent() throws Exception {
    FakeRemoteWrite server = server();
    Exporter<MetricsBatch> e = start("endpoint: " + server.endpoint() + "\nremote_write_queue: {enabled: false}\n",
        new NopHost());

    e.consume(Context.EMPTY, batch(rm(resource(), Otlp.sum("d", "", true,
        io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point(1, T0)))));

    assertThat(server.requests()).isEmpty();
    assertThat(support.counter("otelcol_exporter_prometheusremotewrite_failed_translations")).isEqualTo(1);
    assertThat(support.logs).anySatisfy(l -> assertThat(l).contains("Dropped metric points that cannot be translated"));
  }
}
