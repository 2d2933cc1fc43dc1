package io.otelcol4j.exporter.prometheusremotewrite;

import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.attr;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.batch;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.counter;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.gauge;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.histogram;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.histogramPoint;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.point;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.resource;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.rm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otelcol4j.component.Exporter;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.testing.NopHost;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Prometheus ({@code /usr/bin/prometheus}, Debian package {@code prometheus}) with
 * its remote-write receiver on a loopback port: what the exporter sends must be queryable with the
 * expected names, labels and values. Skipped when Prometheus is not installed.
 */
class PrometheusRemoteWriteIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

  private final HttpClient http = HttpClient.newHttpClient();
  private Process prometheus;
  private Exporter<MetricsBatch> exporter;

  @AfterEach
  void stop() throws Exception {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(5));
    }
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void gaugesCountersAndHistogramsAreQueryableInPrometheus(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "Prometheus is not installed at /usr/bin/prometheus (apt-get install prometheus)");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--web.enable-remote-write-receiver")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    String base = "http://127.0.0.1:" + port;
    awaitReady(base + "/-/ready", dir.resolve("prometheus.log"));

    exporter = new PrometheusRemoteWriteExporterFactory().createMetrics(new TestSupport().settings(),
        TestSupport.config("endpoint: " + base + "/api/v1/write\nremote_write_queue: {enabled: false}\n"));
    exporter.start(new NopHost());
    long now = System.currentTimeMillis() / 1000 * 1000;
    long t = (now - 10_000) * 1_000_000L;
    exporter.consume(Context.EMPTY, batch(rm(
        resource(attr("service.name", "checkout"), attr("service.instance.id", "i-1"), attr("host.name", "h1")),
        gauge("room.temperature", "Cel", point(21.5, t, attr("room", "kitchen"))),
        counter("http.requests", "", point(7, t, attr("method", "GET"))),
        histogram("latency", "s", histogramPoint(t, List.of(0.1, 1.0), List.of(1L, 2L, 3L), 5.0)))));

    String at = Long.toString((now - 10_000) / 1000);
    assertThat(query(base, "room_temperature_celsius{job=\"checkout\",instance=\"i-1\",room=\"kitchen\"}", at)).isEqualTo("21.5");
    assertThat(query(base, "http_requests_total{method=\"GET\"}", at)).isEqualTo("7");
    assertThat(query(base, "latency_seconds_bucket{le=\"0.1\"}", at)).isEqualTo("1");
    assertThat(query(base, "latency_seconds_bucket{le=\"1\"}", at)).isEqualTo("3");
    assertThat(query(base, "latency_seconds_bucket{le=\"+Inf\"}", at)).isEqualTo("6");
    assertThat(query(base, "latency_seconds_count", at)).isEqualTo("6");
    assertThat(query(base, "latency_seconds_sum", at)).isEqualTo("5");
    assertThat(query(base, "target_info{host_name=\"h1\",job=\"checkout\"}", at)).isEqualTo("1");
  }

  private void awaitReady(String url, Path log) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
    throw new AssertionError("prometheus not ready after 60s: " + Files.readString(log));
  }

  /** The single value of an instant query, or the response when there is not exactly one. */
  private String query(String base, String promql, String time) throws Exception {
    URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + time);
    String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = VALUE.matcher(body);
    if (!m.find()) {
      return body;
    }
    String v = m.group(1);
    return m.find() ? body : v;
  }
}
