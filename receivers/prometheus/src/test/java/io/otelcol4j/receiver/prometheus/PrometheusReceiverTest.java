package io.otelcol4j.receiver.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import io.otelcol4j.telemetry.Logger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusReceiverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A target: serves {@link #page}, records request headers and URIs. */
  static final class FakeTarget implements AutoCloseable {
    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    volatile String page = "";
    volatile int status = 200;
    volatile long delayMillis;
    volatile boolean gzip;
    volatile String contentType = "text/plain; version=0.0.4";
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    FakeTarget() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::handle);
      server.setExecutor(executor);
      server.start();
    }

    String address() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
      Map<String, String> r = new ConcurrentHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> r.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      r.put(":uri", ex.getRequestURI().toString());
      requests.add(r);
      try {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        if (gzip && String.valueOf(r.get("accept-encoding")).contains("gzip")) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(body);
          }
          body = bytes.toByteArray();
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      } catch (InterruptedException | IOException e) {
        ex.close();
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private final SinkConsumer sink = new SinkConsumer();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private PrometheusReceiver receiver;

  @AfterEach
  void tearDown() throws Exception {
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(5));
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private FakeTarget target(String page) throws IOException {
    FakeTarget t = new FakeTarget();
    t.page = page;
    closeables.add(t);
    return t;
  }

  private PrometheusReceiver start(String scrapeConfigs) throws Exception {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("config:\n  scrape_configs:\n" + scrapeConfigs, "test.yaml",
        "receivers.prometheus", problems);
    PrometheusReceiverConfig config = PrometheusReceiverConfig.from(node);
    node.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    receiver = (PrometheusReceiver) new PrometheusReceiverFactory().createMetrics(
        TestSettings.of(Kind.RECEIVER, ComponentId.of("prometheus"), Logger.noop()), config, sink.metrics());
    receiver.start(new NopHost());
    return receiver;
  }

  private static String job(String name, String target, String extra) {
    return "    - job_name: " + name + "\n      scrape_interval: 200ms\n      scrape_timeout: 150ms\n"
        + "      static_configs: [{targets: ['" + target + "']}]\n" + extra;
  }

  /** One data point of a gauge/sum as seen by the sink, with its resource's instance. */
  record Point(String instance, String metric, NumberDataPoint point) {
    boolean stale() {
      return point.getFlags() == ScrapeTranslator.NO_RECORDED_VALUE;
    }

    String attr(String key) {
      return point.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(kv -> kv.getValue().getStringValue())
          .findFirst().orElse("");
    }
  }

  private List<Point> points() {
    List<Point> out = new ArrayList<>();
    for (MetricsBatch b : sink.batchesOf(MetricsBatch.class)) {
      for (ResourceMetrics rm : b.resourceMetrics()) {
        String instance = rm.getResource().getAttributesList().stream()
            .filter(kv -> kv.getKey().equals("service.instance.id")).map(kv -> kv.getValue().getStringValue())
            .findFirst().orElse("");
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            List<NumberDataPoint> ps = m.hasGauge() ? m.getGauge().getDataPointsList()
                : m.hasSum() ? m.getSum().getDataPointsList() : List.of();
            for (NumberDataPoint p : ps) {
              out.add(new Point(instance, m.getName(), p));
            }
          }
        }
      }
    }
    return out;
  }

  private boolean await(java.util.function.Predicate<List<Point>> condition) throws InterruptedException {
    return sink.await(() -> condition.test(points()), WAIT);
  }

  private static boolean has(List<Point> points, String instance, String metric, double value) {
    return points.stream().anyMatch(p -> p.instance().equals(instance) && p.metric().equals(metric) && !p.stale()
        && p.point().getAsDouble() == value);
  }

  private static boolean hasStale(List<Point> points, String instance, String metric) {
    return points.stream().anyMatch(p -> p.instance().equals(instance) && p.metric().equals(metric) && p.stale());
  }

  @Test
  void scrapesWithPrometheusHeadersAndMarksVanishedSeriesStale() throws Exception {
    FakeTarget t = target("a 1\nb{x=\"y\"} 2\n");
    start(job("app", t.address(), "      params: {module: [m1]}\n      basic_auth: {username: u, password: p}\n"));

    assertThat(await(ps -> has(ps, t.address(), "b", 2) && has(ps, t.address(), "up", 1))).isTrue();
    Map<String, String> request = t.requests.get(0);
    assertThat(request.get("accept")).isEqualTo(io.otelcol4j.prometheus.exposition.Format.SCRAPE_ACCEPT_HEADER);
    assertThat(request.get("x-prometheus-scrape-timeout-seconds")).isEqualTo("0.15");
    assertThat(request.get("authorization")).isEqualTo("Basic dTpw");
    assertThat(request.get(":uri")).isEqualTo("/metrics?module=m1");

    t.page = "a 1\n";
    assertThat(await(ps -> hasStale(ps, t.address(), "b"))).isTrue();
    Point stale = points().stream().filter(Point::stale).findFirst().orElseThrow();
    assertThat(stale.attr("x")).isEqualTo("y");
  }

  @Test
  void targetDownReportsUpZeroAndMarksEverythingStale() throws Exception {
    FakeTarget t = target("a 1\n");
    start(job("app", t.address(), ""));
    assertThat(await(ps -> has(ps, t.address(), "a", 1))).isTrue();

    t.status = 503;
    assertThat(await(ps -> has(ps, t.address(), "up", 0) && hasStale(ps, t.address(), "a"))).isTrue();
    assertThat(receiver.targets().get("app")).hasSize(1);
  }

  @Test
  void limitsFailTheScrape() throws Exception {
    FakeTarget samples = target("a 1\nb 2\nc 3\n");
    FakeTarget body = target("a 1\nb 2\nc 3\n");
    start(job("samples", samples.address(), "      sample_limit: 2\n")
        + job("body", body.address(), "      body_size_limit: 8B\n"));
    assertThat(await(ps -> has(ps, samples.address(), "up", 0) && has(ps, body.address(), "up", 0))).isTrue();
    assertThat(points()).noneMatch(p -> p.metric().equals("a"));
    assertThat(has(points(), samples.address(), "scrape_samples_scraped", 3)).isTrue();
  }

  @Test
  void gzipAndOpenMetricsPagesAreRead() throws Exception {
    FakeTarget t = target("# TYPE c counter\nc_total 7\nc_created 1600000000\n# EOF\n");
    t.gzip = true;
    t.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    start(job("app", t.address(), ""));
    assertThat(await(ps -> has(ps, t.address(), "c", 7))).isTrue();
    Point c = points().stream().filter(p -> p.metric().equals("c")).findFirst().orElseThrow();
    assertThat(c.point().getStartTimeUnixNano()).isEqualTo(1_600_000_000_000_000_000L);
    assertThat(t.requests.get(0).get("accept-encoding")).isEqualTo("gzip");
  }

  @Test
  void slowTargetTimesOut() throws Exception {
    FakeTarget t = target("a 1\n");
    t.delayMillis = 2000;
    start(job("app", t.address(), ""));
    assertThat(await(ps -> has(ps, t.address(), "up", 0))).isTrue();
    assertThat(points()).noneMatch(p -> p.metric().equals("a"));
  }

  @Test
  void refusedDataIsDroppedAndScrapingGoesOn() throws Exception {
    FakeTarget t = target("a 1\n");
    sink.failWith(new io.otelcol4j.consumer.RetryableConsumeException("full"));
    start(job("app", t.address(), ""));
    assertThat(sink.await(() -> t.requests.size() >= 3, WAIT)).isTrue();
    sink.failWith(null);
    assertThat(await(ps -> has(ps, t.address(), "a", 1))).isTrue();
  }

  @Test
  void targetRelabelingAndMetricRelabeling() throws Exception {
    FakeTarget t = target("go_x 1\nkeep 2\n");
    start(job("app", t.address(), "      relabel_configs: [{target_label: team, replacement: core}]\n"
        + "      metric_relabel_configs: [{source_labels: [__name__], regex: 'go_.*', action: drop}]\n"));
    assertThat(await(ps -> has(ps, t.address(), "keep", 2))).isTrue();
    assertThat(points()).noneMatch(p -> p.metric().equals("go_x"));
    assertThat(points().stream().filter(p -> p.metric().equals("keep")).findFirst().orElseThrow().attr("team"))
        .isEqualTo("core");
  }

  @Test
  void fileSdFollowsFileChanges(@TempDir Path dir) throws Exception {
    FakeTarget one = target("a 1\n");
    FakeTarget two = target("a 2\n");
    Path file = dir.resolve("targets.json");
    Files.writeString(file, "[{\"targets\": [\"" + one.address() + "\"], \"labels\": {\"zone\": \"z1\"}}]");
    start("    - job_name: files\n      scrape_interval: 200ms\n      scrape_timeout: 150ms\n"
        + "      file_sd_configs: [{files: ['" + dir + "/*.json'], refresh_interval: 1h}]\n");
    assertThat(await(ps -> has(ps, one.address(), "a", 1))).isTrue();
    Point p = points().stream().filter(x -> x.metric().equals("a")).findFirst().orElseThrow();
    assertThat(p.attr("zone")).isEqualTo("z1");
    assertThat(p.point().getAttributesList()).extracting(KeyValue::getKey).doesNotContain("__meta_filepath");

    // Rewritten: the watcher notices without waiting for the 1h refresh.
    Path tmp = dir.resolve("targets.tmp");
    Files.writeString(tmp, "- targets: ['" + two.address() + "']\n");
    Files.move(tmp, dir.resolve("targets.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(await(ps -> has(ps, two.address(), "a", 2) && hasStale(ps, one.address(), "a")
        && hasStale(ps, one.address(), "up"))).isTrue();
    assertThat(receiver.targets().get("files")).extracting(tg -> tg.labels().get("instance"))
        .containsExactly(two.address());
  }

  @Test
  void duplicateTargetsAreScrapedOnce() throws Exception {
    FakeTarget t = target("a 1\n");
    start("    - job_name: dup\n      scrape_interval: 200ms\n      scrape_timeout: 150ms\n"
        + "      static_configs: [{targets: ['" + t.address() + "', '" + t.address() + "']}, {targets: ['"
        + t.address() + "']}]\n");
    assertThat(await(ps -> has(ps, t.address(), "a", 1))).isTrue();
    assertThat(receiver.targets().get("dup")).hasSize(1);
  }

  @Test
  void nothingListeningIsDown() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Component c = start(job("gone", "127.0.0.1:" + port, ""));
    assertThat(await(ps -> has(ps, "127.0.0.1:" + port, "up", 0))).isTrue();
    c.shutdown(Duration.ofSeconds(5));
  }
}
