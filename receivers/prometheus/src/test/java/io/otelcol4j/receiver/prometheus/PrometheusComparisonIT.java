package io.otelcol4j.receiver.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.SinkExporterFactory;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes one node_exporter with both a real Prometheus server and the receiver, and compares the
 * series, values and staleness Prometheus stores (read back through its query API) with the OTLP
 * data points the receiver emits.
 */
class PrometheusComparisonIT {
  private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Families whose values do not move between two scrapes of the target. */
  private static final String STABLE =
      "cmp_.*|node_textfile_.*|node_exporter_build_info|node_scrape_collector_success";
  private static final String TEXTFILE = String.join("\n",
      "# HELP cmp_requests_total Requests handled.",
      "# TYPE cmp_requests_total counter",
      "cmp_requests_total{method=\"get\",code=\"200\"} 1027",
      "cmp_requests_total{method=\"post\",code=\"500\"} 3",
      "# HELP cmp_temperature_celsius Current temperature.",
      "# TYPE cmp_temperature_celsius gauge",
      "cmp_temperature_celsius{room=\"a\"} 21.5",
      "cmp_temperature_celsius{room=\"b\"} -3.25",
      "# HELP cmp_latency_seconds Request latency.",
      "# TYPE cmp_latency_seconds histogram",
      "cmp_latency_seconds_bucket{path=\"/x\",le=\"0.1\"} 5",
      "cmp_latency_seconds_bucket{path=\"/x\",le=\"0.5\"} 9",
      "cmp_latency_seconds_bucket{path=\"/x\",le=\"+Inf\"} 12",
      "cmp_latency_seconds_sum{path=\"/x\"} 4.75",
      "cmp_latency_seconds_count{path=\"/x\"} 12",
      "");
  private static final Set<String> EXPECTED_SERIES = Set.of(
      "cmp_requests_total{code=200, method=get}",
      "cmp_requests_total{code=500, method=post}",
      "cmp_temperature_celsius{room=a}",
      "cmp_temperature_celsius{room=b}",
      "cmp_latency_seconds_bucket{le=0.1, path=/x}",
      "cmp_latency_seconds_bucket{le=0.5, path=/x}",
      "cmp_latency_seconds_bucket{le=+Inf, path=/x}",
      "cmp_latency_seconds_sum{path=/x}",
      "cmp_latency_seconds_count{path=/x}");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private Process nodeExporter;
  private Process prometheus;

  @AfterEach
  void stop() throws InterruptedException {
    stop(nodeExporter);
    stop(prometheus);
  }

  private static void stop(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void seriesValuesAndStalenessMatchPrometheus(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(NODE_EXPORTER), "prometheus-node-exporter is not installed");
    assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is not installed");
    Path textfiles = Files.createDirectories(dir.resolve("textfile"));
    Files.writeString(textfiles.resolve("cmp.prom"), TEXTFILE);
    String target = "127.0.0.1:" + freePort();
    nodeExporter = new ProcessBuilder(NODE_EXPORTER.toString(), "--web.listen-address=" + target,
        "--collector.disable-defaults", "--collector.textfile",
        "--collector.textfile.directory=" + textfiles, "--web.disable-exporter-metrics")
        .redirectErrorStream(true).redirectOutput(dir.resolve("node_exporter.log").toFile()).start();
    assertThat(poll(() -> get("http://" + target + "/metrics") != null)).as("node_exporter answered").isTrue();

    String scrapeConfig = String.join("\n",
        "scrape_configs:",
        "  - job_name: node",
        "    scrape_interval: 1s",
        "    scrape_timeout: 1s",
        "    static_configs: [{targets: ['" + target + "']}]",
        "");
    Files.writeString(dir.resolve("prometheus.yml"), scrapeConfig);
    String promAddress = "127.0.0.1:" + freePort();
    prometheus = new ProcessBuilder(PROMETHEUS.toString(),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
        "--web.listen-address=" + promAddress)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    String promUrl = "http://" + promAddress;

    SinkConsumer sink = new SinkConsumer();
    String yaml = String.join("\n",
        "receivers:",
        "  prometheus:",
        "    config:",
        scrapeConfig.lines().map(l -> "      " + l).reduce((a, b) -> a + "\n" + b).orElseThrow(),
        "exporters:",
        "  sink:",
        "service:",
        "  pipelines:",
        "    metrics: {receivers: [prometheus], exporters: [sink]}",
        "");
    try (Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(new PrometheusReceiverFactory(), new SinkExporterFactory(sink)))
        .configYaml("config.yaml", yaml)
        .metricsAddress("127.0.0.1:0")
        .build()) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();

      // Both scraped the target: Prometheus stores every textfile series, the receiver emitted them.
      String stableQuery = "{__name__=~\"" + STABLE + "\"}";
      assertThat(poll(() -> query(promUrl, stableQuery).keySet().containsAll(EXPECTED_SERIES)
          && "1".equals(query(promUrl, "up").get("up{}"))))
          .as("Prometheus stored the textfile series and up=1").isTrue();
      assertThat(sink.await(() -> received(sink).live.keySet().containsAll(EXPECTED_SERIES), WAIT))
          .as("receiver emitted the textfile series").isTrue();

      Map<String, String> stored = query(promUrl, stableQuery);
      Received got = received(sink);
      Map<String, String> emitted = new TreeMap<>(got.live);
      emitted.keySet().removeIf(k -> !k.substring(0, k.indexOf('{')).matches(STABLE));
      assertThat(emitted).as("receiver's data points vs Prometheus's stored samples").isEqualTo(stored);
      assertThat(stored).hasSize(EXPECTED_SERIES.size() + 4)
          .containsEntry("cmp_requests_total{code=200, method=get}", "1027")
          .containsEntry("cmp_temperature_celsius{room=b}", "-3.25")
          .containsEntry("cmp_latency_seconds_bucket{le=0.1, path=/x}", "5")
          .containsEntry("cmp_latency_seconds_bucket{le=0.5, path=/x}", "9")
          .containsEntry("cmp_latency_seconds_bucket{le=+Inf, path=/x}", "12")
          .containsEntry("cmp_latency_seconds_sum{path=/x}", "4.75")
          .containsEntry("cmp_latency_seconds_count{path=/x}", "12");
      assertThat(got.live).containsEntry("up{}", "1");
      assertThat(query(promUrl, "up")).isEqualTo(Map.of("up{}", "1"));
      assertThat(got.resourceLabels).contains("service.name=node", "service.instance.id=" + target);

      // Target goes away: up drops to 0 and every series goes stale in both.
      stop(nodeExporter);
      assertThat(poll(() -> "0".equals(query(promUrl, "up").get("up{}"))))
          .as("Prometheus reports up=0").isTrue();
      assertThat(poll(() -> query(promUrl, stableQuery).isEmpty()))
          .as("Prometheus marked the series stale").isTrue();
      assertThat(query(promUrl, "count({__name__=~\"cmp_.*\"})")).isEmpty();
      assertThat(sink.await(() -> {
        Received r = received(sink);
        return "0".equals(r.lastUp) && r.stale.containsAll(stored.keySet());
      }, WAIT)).as("receiver emitted up=0 and staleness markers for every series").isTrue();
    }
  }

  /** What the receiver emitted: the last live value of each series and every series marked stale. */
  private static final class Received {
    final Map<String, String> live = new TreeMap<>();
    final Set<String> stale = new TreeSet<>();
    final Set<String> resourceLabels = new TreeSet<>();
    String lastUp;

    void put(String name, List<KeyValue> attributes, String le, int flags, double value) {
      TreeMap<String, String> labels = new TreeMap<>();
      attributes.forEach(kv -> labels.put(kv.getKey(), kv.getValue().getStringValue()));
      if (le != null) {
        labels.put("le", le);
      }
      String key = name + labels;
      if ((flags & ScrapeTranslator.NO_RECORDED_VALUE) != 0) {
        stale.add(key);
        live.remove(key);
      } else {
        live.put(key, format(value));
        stale.remove(key);
      }
    }
  }

  private static Received received(SinkConsumer sink) {
    Received r = new Received();
    for (MetricsBatch batch : sink.batchesOf(MetricsBatch.class)) {
      for (ResourceMetrics rm : batch.resourceMetrics()) {
        rm.getResource().getAttributesList()
            .forEach(kv -> r.resourceLabels.add(kv.getKey() + "=" + kv.getValue().getStringValue()));
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            add(r, m);
          }
        }
      }
    }
    return r;
  }

  private static void add(Received r, Metric m) {
    String name = m.getName();
    if (m.hasHistogram()) {
      for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
        long cumulative = 0;
        for (int i = 0; i < p.getBucketCountsCount(); i++) {
          cumulative += p.getBucketCounts(i);
          String le = i < p.getExplicitBoundsCount() ? format(p.getExplicitBounds(i)) : "+Inf";
          r.put(name + "_bucket", p.getAttributesList(), le, p.getFlags(), cumulative);
        }
        if (p.getBucketCountsCount() == 0) {   // a staleness marker carries no buckets
          for (String key : List.copyOf(r.live.keySet())) {
            if (key.startsWith(name + "_bucket{")) {
              r.stale.add(key);
              r.live.remove(key);
            }
          }
        }
        r.put(name + "_sum", p.getAttributesList(), null, p.getFlags(), p.getSum());
        r.put(name + "_count", p.getAttributesList(), null, p.getFlags(), p.getCount());
      }
      return;
    }
    List<NumberDataPoint> points = m.hasGauge() ? m.getGauge().getDataPointsList()
        : m.hasSum() ? m.getSum().getDataPointsList() : List.of();
    for (NumberDataPoint p : points) {
      double v = p.hasAsInt() ? p.getAsInt() : p.getAsDouble();
      r.put(name, p.getAttributesList(), null, p.getFlags(), v);
      if (name.equals("up") && p.getAttributesCount() == 0) {
        r.lastUp = (p.getFlags() & ScrapeTranslator.NO_RECORDED_VALUE) != 0 ? null : format(v);
      }
    }
  }

  /** Formats a value as Prometheus's query API does (Go's strconv 'f', -1; +Inf; NaN). */
  private static String format(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** Instant query: series name{labels without job/instance} to value, as Prometheus returns them. */
  private Map<String, String> query(String promUrl, String promql) {
    String body = get(promUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, String> out = new TreeMap<>();
    if (body == null) {
      return out;
    }
    try {
      JsonNode root = json.readTree(body);
      assertThat(root.path("status").asText()).as(body).isEqualTo("success");
      for (JsonNode series : root.path("data").path("result")) {
        TreeMap<String, String> labels = new TreeMap<>();
        series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String name = labels.remove("__name__");
        labels.remove("job");
        labels.remove("instance");
        String le = labels.get("le");
        if (le != null && !le.equals("+Inf")) {
          labels.put("le", format(Double.parseDouble(le)));
        }
        String value = series.path("value").path(1).asText();
        out.put((name == null ? "" : name) + labels,
            value.equals("+Inf") || value.equals("-Inf") || value.equals("NaN") ? value
                : format(Double.parseDouble(value)));
      }
    } catch (IOException e) {
      throw new AssertionError("bad answer from Prometheus: " + body, e);
    }
    return out;
  }

  private String get(String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
