package io.otelcol4j.exporter.prometheusremotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.receiver.otlp.OtlpReceiverFactory;
import io.otelcol4j.service.Collector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip through a real Prometheus ({@code /usr/bin/prometheus}): an OpenTelemetry Java SDK
 * "app" exports the same instruments two ways at once, over OTLP/gRPC into a collector (otlp
 * receiver → prometheusremotewrite exporter → Prometheus's remote-write receiver) and as a
 * {@link PrometheusHttpServer} that the same Prometheus scrapes directly (job {@code direct}).
 *
 * <p>The remote-written series must have the collector-contrib names (counter {@code _total},
 * unit suffixes, histogram {@code _bucket/_sum/_count}), exactly the expected label sets
 * ({@code job}/{@code instance} from {@code service.name}/{@code service.instance.id}, no resource
 * attributes) and the recorded values; and {@code histogram_quantile} over their raw bucket counts
 * must answer as it does over the directly scraped buckets. The two paths differ by construction in
 * {@code job}/{@code instance} (and the scraped path's {@code otel_scope_*} labels), so they are
 * told apart by {@code job}. Skipped when Prometheus is not installed.
 */
class PrometheusRoundTripIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Pattern SAMPLE =
      Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[0-9.e+-]+,\"([^\"]+)\"\\]\\}");
  private static final Pattern LABEL = Pattern.compile("\"([^\"]+)\":\"([^\"]*)\"");
  private static final String APP = "roundtrip-app";
  private static final String APP_INSTANCE = "app-1";
  private static final String REMOTE = "job=\"" + APP + "\"";
  private static final String DIRECT = "job=\"direct\"";
  private static final List<Double> BOUNDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
  private static final int OBSERVATIONS = 1000;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void sdkMetricsThroughTheCollectorMatchADirectScrape(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "Prometheus is not installed at /usr/bin/prometheus (apt-get install prometheus)");
    int promPort = freePort();
    int scrapePort = freePort();
    int otlpPort = freePort();
    String base = "http://127.0.0.1:" + promPort;
    Path log = dir.resolve("prometheus.log");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: direct
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(scrapePort));
    Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort,
        "--web.enable-remote-write-receiver")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    SdkMeterProvider app = null;
    try {
      awaitReady(prometheus, base + "/-/ready", log);
      String yaml = """
          receivers:
            otlp:
              protocols:
                grpc:
                  endpoint: 127.0.0.1:%d
          exporters:
            prometheusremotewrite:
              endpoint: %s/api/v1/write
              timeout: 5s
              resource_to_telemetry_conversion: {enabled: false}
              remote_write_queue: {enabled: true, queue_size: 100, num_consumers: 1}
              retry_on_failure: {enabled: true, initial_interval: 100ms, max_interval: 1s, max_elapsed_time: 20s}
          service:
            telemetry:
              metrics:
                level: none
            pipelines:
              metrics:
                receivers: [otlp]
                exporters: [prometheusremotewrite]
          """.formatted(otlpPort, base);
      try (Collector collector = Collector.builder()
          .registry(ComponentRegistry.of(new OtlpReceiverFactory(), new PrometheusRemoteWriteExporterFactory()))
          .configYaml("roundtrip.yaml", yaml).metricsAddress("").logSink((t, l, m, f, e) -> {})
          .shutdownTimeout(Duration.ofSeconds(10)).build()) {
        collector.start();
        assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();

        app = SdkMeterProvider.builder()
            .setResource(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), APP,
                AttributeKey.stringKey("service.instance.id"), APP_INSTANCE,
                AttributeKey.stringKey("host.name"), "h1")))
            .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + otlpPort).setTimeout(Duration.ofSeconds(10)).build())
                .setInterval(Duration.ofHours(1)).build())
            .registerMetricReader(PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(scrapePort).build())
            .build();
        Expected expected = record(app.get("roundtrip"));
        CompletableResultCode flushed = app.forceFlush().join(20, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).as("OTLP export to the collector").isTrue();

        // Both paths are complete once each shows all observations (instant queries see the latest sample).
        awaitValue(base, "app_latency_seconds_count{" + REMOTE + "}", OBSERVATIONS, log);
        awaitValue(base, "app_latency_seconds_count{" + DIRECT + "}", OBSERVATIONS, log);
        awaitValue(base, "sum(app_requests_total{" + DIRECT + "})", OBSERVATIONS, log);
        awaitValue(base, "app_queue_size_bytes{" + DIRECT + "}", 1536, log);
        String at = String.valueOf(System.currentTimeMillis() / 1000.0);

        // Names, exact label sets and values of the remote-written series.
        Map<Map<String, String>, Double> counters = query(base, "{" + REMOTE + ",__name__=~\"app_requests.*\"}", at);
        assertThat(counters).containsOnly(
            Map.entry(labels("app_requests_total", "method", "GET", "route", "/a"), 600.0),
            Map.entry(labels("app_requests_total", "method", "POST", "route", "/a"), 400.0));
        Map<Map<String, String>, Double> gauges = query(base, "{" + REMOTE + ",__name__=~\"app_queue.*\"}", at);
        assertThat(gauges).containsOnly(Map.entry(labels("app_queue_size_bytes", "queue", "q1"), 1536.0));

        Map<Map<String, String>, Double> histogram = query(base, "{" + REMOTE + ",__name__=~\"app_latency.*\"}", at);
        assertThat(histogram).hasSize(BOUNDS.size() + 1 + 2);
        assertThat(histogram).containsEntry(labels("app_latency_seconds_count", "route", "/a"), (double) OBSERVATIONS);
        assertThat(histogram.get(labels("app_latency_seconds_sum", "route", "/a")))
            .isCloseTo(expected.sum, within(1e-9 * expected.sum));
        for (int i = 0; i < BOUNDS.size(); i++) {
          assertThat(histogram).containsEntry(
              labels("app_latency_seconds_bucket", "route", "/a", "le", le(BOUNDS.get(i))), (double) expected.cumulative[i]);
        }
        assertThat(histogram).containsEntry(
            labels("app_latency_seconds_bucket", "route", "/a", "le", "+Inf"), (double) OBSERVATIONS);

        // The directly scraped series carry the same names and values.
        assertThat(single(base, "app_requests_total{" + DIRECT + ",method=\"GET\",route=\"/a\"}", at)).isEqualTo(600.0);
        assertThat(single(base, "app_requests_total{" + DIRECT + ",method=\"POST\",route=\"/a\"}", at)).isEqualTo(400.0);
        assertThat(single(base, "app_latency_seconds_sum{" + DIRECT + "}", at))
            .isCloseTo(expected.sum, within(1e-9 * expected.sum));

        // histogram_quantile on raw cumulative bucket counts: identical answers from both paths.
        for (String q : List.of("0.5", "0.9", "0.99")) {
          double remote = single(base, "histogram_quantile(" + q + ", sum by (le) (app_latency_seconds_bucket{" + REMOTE + "}))", at);
          double direct = single(base, "histogram_quantile(" + q + ", sum by (le) (app_latency_seconds_bucket{" + DIRECT + "}))", at);
          assertThat(remote).as("quantile %s", q).isFinite().isCloseTo(direct, within(1e-9));
          assertThat(remote).as("quantile %s", q).isCloseTo(expected.quantile(Double.parseDouble(q)), within(1e-9));
        }
        // While the collector still runs: the reader's final export on shutdown has somewhere to go.
        SdkMeterProvider stopping = app;
        app = null;
        stopping.shutdown().join(10, TimeUnit.SECONDS);
      }
    } finally {
      if (app != null) {
        app.shutdown().join(10, TimeUnit.SECONDS);
      }
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Known values: 600 GET + 400 POST requests, one gauge value, 1,000 deterministic latencies in [0, 4). */
  private static Expected record(Meter meter) {
    LongCounter requests = meter.counterBuilder("app.requests").setUnit("{request}").build();
    DoubleGauge queue = meter.gaugeBuilder("app.queue.size").setUnit("By").build();
    DoubleHistogram latency = meter.histogramBuilder("app.latency").setUnit("s")
        .setExplicitBucketBoundariesAdvice(BOUNDS).build();
    Attributes get = Attributes.of(AttributeKey.stringKey("method"), "GET", AttributeKey.stringKey("route"), "/a");
    Attributes post = Attributes.of(AttributeKey.stringKey("method"), "POST", AttributeKey.stringKey("route"), "/a");
    Attributes route = Attributes.of(AttributeKey.stringKey("route"), "/a");
    queue.set(1536, Attributes.of(AttributeKey.stringKey("queue"), "q1"));
    long[] cumulative = new long[BOUNDS.size()];
    double sum = 0;
    for (int i = 0; i < OBSERVATIONS; i++) {
      requests.add(1, i % 5 < 3 ? get : post);
      double v = ((i * 7919L) % 1000) / 250.0;
      latency.record(v, route);
      sum += v;
      for (int b = 0; b < BOUNDS.size(); b++) {
        if (v <= BOUNDS.get(b)) {
          cumulative[b]++;
        }
      }
    }
    return new Expected(cumulative, sum);
  }

  /** Cumulative bucket counts per bound and the sum, as recorded. */
  private record Expected(long[] cumulative, double sum) {
    /** Prometheus's histogram_quantile: linear interpolation inside the bucket holding the rank. */
    double quantile(double q) {
      double rank = q * OBSERVATIONS;
      for (int b = 0; b < BOUNDS.size(); b++) {
        if (cumulative[b] >= rank) {
          double lower = b == 0 ? 0 : BOUNDS.get(b - 1);
          long below = b == 0 ? 0 : cumulative[b - 1];
          return lower + (BOUNDS.get(b) - lower) * (rank - below) / (cumulative[b] - below);
        }
      }
      return BOUNDS.get(BOUNDS.size() - 1);
    }
  }

  /** The label set of a remote-written series of the app. */
  private static Map<String, String> labels(String name, String... pairs) {
    Map<String, String> m = new TreeMap<>();
    m.put("__name__", name);
    m.put("job", APP);
    m.put("instance", APP_INSTANCE);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** {@code le} as our translator writes it (Go's shortest float formatting). */
  private static String le(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(Process prometheus, String url, Path log) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      assertThat(prometheus.isAlive()).as("prometheus exited: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus not ready after " + WAIT + ": " + Files.readString(log));
  }

  /** Polls an instant query (at the server's now) until its single value is {@code want}. */
  private void awaitValue(String base, String promql, double want, Path log) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    Map<Map<String, String>, Double> last = Map.of();
    while (System.nanoTime() < end) {
      last = query(base, promql, null);
      if (last.size() == 1 && last.values().iterator().next() == want) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + promql + " == " + want + " within " + WAIT + ", last " + last
        + "\nprometheus log:\n" + Files.readString(log));
  }

  /** The single value of an instant query. */
  private double single(String base, String promql, String at) throws Exception {
    Map<Map<String, String>, Double> r = query(base, promql, at);
    assertThat(r).as(promql).hasSize(1);
    return r.values().iterator().next();
  }

  /** An instant query's result: each series' labels and value. */
  private Map<Map<String, String>, Double> query(String base, String promql, String at) throws Exception {
    URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + (at == null ? "" : "&time=" + at));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", promql, r.body()).isEqualTo(200);
    Map<Map<String, String>, Double> out = new HashMap<>();
    Matcher m = SAMPLE.matcher(r.body());
    while (m.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      out.put(labels, Double.parseDouble(m.group(2)));
    }
    return out;
  }
}
