package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.testing.SinkExporterFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.prometheus.exposition.Format;
import io.otelcol4j.prometheus.exposition.MetricFamily;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.SinkConsumer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes a real node_exporter through a real collector and compares with a direct scrape. */
class NodeExporterIT {
  private static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
  private static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added");
  private Process exporter;

  @AfterEach
  void stop() throws InterruptedException {
    if (exporter != null) {
      exporter.destroy();
      if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
        exporter.destroyForcibly();
      }
    }
  }

  private static List<String> flatten(Map<String, Set<String>> series) {
    List<String> out = new java.util.ArrayList<>();
    series.forEach((name, labels) -> labels.forEach(l -> out.add(name + l)));
    return out;
  }

  @Test
  void scrapedSeriesMatchADirectScrape() throws Exception {
    assumeTrue(Files.isExecutable(BINARY), "prometheus-node-exporter is not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    exporter = new ProcessBuilder(BINARY.toString(), "--web.listen-address=" + address)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    byte[] direct = null;
    String contentType = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (direct == null && System.nanoTime() < deadline) {
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
            .header("Accept", Format.SCRAPE_ACCEPT_HEADER).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          direct = r.body();
          contentType = r.headers().firstValue("Content-Type").orElse(null);
        }
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    assertThat(direct).as("node_exporter answered").isNotNull();
    Map<String, Set<String>> expected = new TreeMap<>();
    for (MetricFamily f : MetricFamily.parseAll(Format.forContentType(contentType), direct)) {
      Set<String> series = expected.computeIfAbsent(f.name(), k -> new TreeSet<>());
      for (MetricFamily.Sample s : f.samples()) {
        TreeMap<String, String> labels = new TreeMap<>(s.labels());
        labels.remove("le");
        labels.remove("quantile");
        labels.values().removeIf(String::isEmpty);   // in Prometheus an empty label is no label
        series.add(labels.toString());
      }
    }

    SinkConsumer sink = new SinkConsumer();
    String yaml = String.join("\n",
        "receivers:",
        "  prometheus:",
        "    config:",
        "      scrape_configs:",
        "        - job_name: node",
        "          scrape_interval: 2s",
        "          scrape_timeout: 2s",
        "          static_configs: [{targets: ['" + address + "']}]",
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
      assertThat(sink.await(() -> !sink.batchesOf(MetricsBatch.class).isEmpty(), Duration.ofSeconds(20))).isTrue();
    }
    MetricsBatch first = sink.batchesOf(MetricsBatch.class).get(0);
    assertThat(first.resourceMetrics()).hasSize(1);
    ResourceMetrics rm = first.resourceMetrics().get(0);
    assertThat(rm.getResource().getAttributesList()).extracting(kv -> kv.getKey() + "=" + kv.getValue().getStringValue())
        .contains("service.name=node", "service.instance.id=" + address, "server.port=" + port);
    Map<String, Set<String>> actual = new TreeMap<>();
    Map<String, Double> values = new TreeMap<>();
    for (Metric m : rm.getScopeMetrics(0).getMetricsList()) {
      if (SYNTHETIC.contains(m.getName())) {
        continue;
      }
      Set<String> series = actual.computeIfAbsent(m.getName(), k -> new TreeSet<>());
      List<List<KeyValue>> attributes = m.hasHistogram()
          ? m.getHistogram().getDataPointsList().stream().map(HistogramDataPoint::getAttributesList).toList()
          : m.hasSummary() ? m.getSummary().getDataPointsList().stream().map(SummaryDataPoint::getAttributesList).toList()
          : (m.hasGauge() ? m.getGauge().getDataPointsList() : m.getSum().getDataPointsList()).stream()
              .map(NumberDataPoint::getAttributesList).toList();
      for (List<KeyValue> a : attributes) {
        TreeMap<String, String> labels = new TreeMap<>();
        a.forEach(kv -> labels.put(kv.getKey(), kv.getValue().getStringValue()));
        series.add(labels.toString());
      }
      if (m.hasGauge() && m.getGauge().getDataPointsCount() == 1) {
        values.put(m.getName(), m.getGauge().getDataPoints(0).getAsDouble());
      }
    }
    assertThat(flatten(actual)).as("series scraped through the collector vs directly")
        .containsExactlyInAnyOrderElementsOf(flatten(expected));
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    // A value that does not move between two scrapes.
    assertThat(values).containsKey("node_boot_time_seconds");
    String page = new String(direct, java.nio.charset.StandardCharsets.UTF_8);
    String line = page.lines().filter(l -> l.startsWith("node_boot_time_seconds ")).findFirst().orElseThrow();
    assertThat(values.get("node_boot_time_seconds")).isEqualTo(Double.parseDouble(line.split(" ")[1]));
    assertThat(rm.getScopeMetrics(0).getMetricsList()).extracting(Metric::getName).containsAll(SYNTHETIC);
  }
}
