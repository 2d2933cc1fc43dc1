package io.otelcol4j.receiver.prometheus;

import static io.otelcol4j.receiver.prometheus.ScrapeTranslator.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.prometheus.exposition.Format;
import io.otelcol4j.prometheus.relabel.Relabeler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScrapeTranslatorTest {
  static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("test").build();
  static final long T0 = 1_700_000_000_000L;
  static final long MS = 1_000_000L;

  static ScrapeConfig scrapeConfig(String extra) {
    ConfigProblems problems = new ConfigProblems();
    PrometheusReceiverConfig c = PrometheusReceiverConfig.from(ConfigNode.fromYaml(
        "config: {scrape_configs: [{job_name: node" + extra + "}]}", "t.yaml", "receivers.prometheus", problems));
    assertThat(problems.errors()).isEmpty();
    return c.scrapeConfigs().get(0);
  }

  static ScrapeTranslator translator(String extra, Map<String, String> externalLabels) {
    ScrapeConfig config = scrapeConfig(extra);
    Target target = Target.build(config, Relabeler.of(config.relabelConfigs()),
        Map.of("__address__", "127.0.0.1:9100", "env", "test")).target();
    return new ScrapeTranslator(config, Relabeler.of(config.metricRelabelConfigs()), target, externalLabels, SCOPE);
  }

  static ScrapeTranslator translator(String extra) {
    return translator(extra, Map.of());
  }

  static MetricsBatch translate(ScrapeTranslator t, String page, Format format, long millis) {
    return translate(t, page, format, millis, new ScrapeTranslator.Report());
  }

  static MetricsBatch translate(ScrapeTranslator t, String page, Format format, long millis, ScrapeTranslator.Report r) {
    byte[] b = page.getBytes(StandardCharsets.UTF_8);
    return t.translate(b, b.length, format, millis, 0.5, r);
  }

  static Metric metric(MetricsBatch batch, String name) {
    List<Metric> found = metrics(batch).stream().filter(m -> m.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  static List<Metric> metrics(MetricsBatch batch) {
    return batch.resourceMetrics().stream().flatMap(r -> r.getScopeMetricsList().stream())
        .flatMap(s -> s.getMetricsList().stream()).collect(Collectors.toList());
  }

  static String page(String file) throws IOException {
    try (InputStream in = ScrapeTranslatorTest.class.getResourceAsStream("/testdata/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<KeyValue> attrs(String... kv) {
    java.util.ArrayList<KeyValue> out = new java.util.ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.add(kv(kv[i], kv[i + 1]));
    }
    return out;
  }

  @Test
  void nodeExporterPageBecomesOtlp() throws IOException {
    ScrapeTranslator t = translator("");
    ScrapeTranslator.Report report = new ScrapeTranslator.Report();
    MetricsBatch batch = translate(t, page("node_exporter-1.5.0.txt"), Format.PROMETHEUS_TEXT_0_0_4, T0, report);

    assertThat(report.error).isNull();
    assertThat(report.samplesScraped).isEqualTo(507);
    assertThat(report.samplesPostRelabel).isEqualTo(507);
    // 507 samples; the summary's 7 samples are one point.
    assertThat(report.seriesAdded).isEqualTo(501);
    assertThat(batch.resourceMetrics()).hasSize(1);
    ResourceMetrics rm = batch.resourceMetrics().get(0);
    assertThat(rm.getResource().getAttributesList()).containsExactly(kv("service.name", "node"),
        kv("service.instance.id", "127.0.0.1:9100"), kv("server.address", "127.0.0.1"), kv("server.port", "9100"),
        kv("url.scheme", "http"));
    assertThat(rm.getScopeMetrics(0).getScope()).isEqualTo(SCOPE);
    // 283 families + 5 synthetic metrics
    assertThat(rm.getScopeMetrics(0).getMetricsCount()).isEqualTo(283 + 5);

    long ts = T0 * MS;
    assertThat(metric(batch, "node_context_switches_total")).isEqualTo(Metric.newBuilder()
        .setName("node_context_switches_total").setDescription("Total number of context switches.")
        .setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attrs("env", "test"))
                .setStartTimeUnixNano(ts).setTimeUnixNano(ts).setAsDouble(2.241492e+06)))
        .build());
    assertThat(metric(batch, "node_load1")).isEqualTo(Metric.newBuilder().setName("node_load1")
        .setDescription("1m load average.")
        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attrs("env", "test"))
            .setTimeUnixNano(ts).setAsDouble(0.38)))
        .build());
    // untyped -> Gauge
    assertThat(metric(batch, "node_netstat_Ip6_OutOctets").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(880);
    assertThat(metric(batch, "go_gc_duration_seconds")).isEqualTo(Metric.newBuilder().setName("go_gc_duration_seconds")
        .setDescription("A summary of the pause duration of garbage collection cycles.")
        .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder().addAllAttributes(attrs("env", "test"))
            .setStartTimeUnixNano(ts).setTimeUnixNano(ts).setCount(0).setSum(0)
            .addQuantileValues(q(0, 0)).addQuantileValues(q(0.25, 0)).addQuantileValues(q(0.5, 0))
            .addQuantileValues(q(0.75, 0)).addQuantileValues(q(1, 0))))
        .build());
    Metric cpu = metric(batch, "node_cpu_seconds_total");
    assertThat(cpu.getSum().getIsMonotonic()).isTrue();
    assertThat(cpu.getSum().getDataPointsList()).allSatisfy(p ->
        assertThat(p.getAttributesList()).extracting(KeyValue::getKey).containsExactly("cpu", "env", "mode"));
    assertThat(metric(batch, "up").getGauge().getDataPoints(0)).isEqualTo(NumberDataPoint.newBuilder()
        .addAllAttributes(attrs("env", "test")).setTimeUnixNano(ts).setAsDouble(1).build());
    assertThat(metric(batch, "scrape_samples_scraped").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(507);
    assertThat(metric(batch, "scrape_series_added").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(501);
    assertThat(metric(batch, "scrape_duration_seconds").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(0.5);

    // Second scrape: nothing new, start times kept.
    MetricsBatch second = translate(t, page("node_exporter-1.5.0.txt"), Format.PROMETHEUS_TEXT_0_0_4, T0 + 15_000);
    assertThat(metric(second, "scrape_series_added").getGauge().getDataPoints(0).getAsDouble()).isZero();
    NumberDataPoint p = metric(second, "node_context_switches_total").getSum().getDataPoints(0);
    assertThat(p.getStartTimeUnixNano()).isEqualTo(ts);
    assertThat(p.getTimeUnixNano()).isEqualTo((T0 + 15_000) * MS);
  }

  static SummaryDataPoint.ValueAtQuantile q(double q, double v) {
    return SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(q).setValue(v).build();
  }

  static final String OPENMETRICS = String.join("\n",
      "# TYPE http_requests counter",
      "# HELP http_requests Requests.",
      "http_requests_total{path=\"/a\"} 10 # {trace_id=\"0102030405060708090a0b0c0d0e0f10\",span_id=\"0102030405060708\",user=\"x\"} 1 1700000000.5",
      "http_requests_created{path=\"/a\"} 1600000000.25",
      "# TYPE latency_seconds histogram",
      "# UNIT latency_seconds seconds",
      "latency_seconds_bucket{le=\"0.1\"} 2",
      "latency_seconds_bucket{le=\"1.0\"} 5 # {trace_id=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} 0.7",
      "latency_seconds_bucket{le=\"+Inf\"} 6",
      "latency_seconds_count 6",
      "latency_seconds_sum 4.5",
      "latency_seconds_created 1600000001",
      "# TYPE build info",
      "build_info{version=\"1.2\"} 1",
      "# TYPE temperature gauge",
      "temperature 21.5",
      "# TYPE mystery unknown",
      "mystery 3",
      "# EOF",
      "");

  @Test
  void openMetricsCreatedTimestampsAndExemplars() {
    ScrapeTranslator t = translator("");
    MetricsBatch batch = translate(t, OPENMETRICS, Format.OPENMETRICS_1_0_0, T0);
    long ts = T0 * MS;

    assertThat(metric(batch, "http_requests")).isEqualTo(Metric.newBuilder().setName("http_requests")
        .setDescription("Requests.")
        .setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attrs("env", "test", "path", "/a"))
                .setStartTimeUnixNano(1_600_000_000_250_000_000L).setTimeUnixNano(ts).setAsDouble(10)
                .addExemplars(Exemplar.newBuilder().setAsDouble(1).setTimeUnixNano(1_700_000_000_500L * MS)
                    .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                    .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                    .addFilteredAttributes(kv("user", "x")))))
        .build());
    assertThat(metric(batch, "latency_seconds")).isEqualTo(Metric.newBuilder().setName("latency_seconds")
        .setUnit("seconds")
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder().addAllAttributes(attrs("env", "test"))
                .setStartTimeUnixNano(1_600_000_001_000_000_000L).setTimeUnixNano(ts).setCount(6).setSum(4.5)
                .addExplicitBounds(0.1).addExplicitBounds(1.0)
                .addBucketCounts(2).addBucketCounts(3).addBucketCounts(1)
                .addExemplars(Exemplar.newBuilder().setAsDouble(0.7).setTimeUnixNano(ts)
                    .setTraceId(ByteString.copyFrom(new byte[] {(byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa,
                        (byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa,
                        (byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa, (byte) 0xaa})))))
        .build());
    // info -> non-monotonic cumulative Sum, as collector-contrib
    Metric info = metric(batch, "build");
    assertThat(info.getSum().getIsMonotonic()).isFalse();
    assertThat(info.getSum().getDataPoints(0).getAttributesList()).isEqualTo(attrs("env", "test", "version", "1.2"));
    assertThat(metric(batch, "temperature").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(21.5);
    assertThat(metric(batch, "mystery").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(3);
  }

  static final String HISTOGRAM_TEXT = String.join("\n",
      "# TYPE rpc histogram",
      "rpc_bucket{code=\"200\",le=\"1\"} %d",
      "rpc_bucket{code=\"200\",le=\"+Inf\"} %d",
      "rpc_sum{code=\"200\"} 9",
      "rpc_count{code=\"200\"} %d",
      "# TYPE jobs_total counter",
      "jobs_total %d",
      "# TYPE queue gauge",
      "queue{name=\"a\"} 1",
      "");

  @Test
  void startTimeIsTheFirstObservationAndResetsRebaseIt() {
    ScrapeTranslator t = translator("");
    translate(t, String.format(HISTOGRAM_TEXT, 1, 2, 2, 100), Format.PROMETHEUS_TEXT_0_0_4, T0);
    MetricsBatch b2 = translate(t, String.format(HISTOGRAM_TEXT, 3, 5, 5, 150), Format.PROMETHEUS_TEXT_0_0_4,
        T0 + 10_000);
    assertThat(metric(b2, "jobs_total").getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(T0 * MS);
    HistogramDataPoint h2 = metric(b2, "rpc").getHistogram().getDataPoints(0);
    assertThat(h2.getStartTimeUnixNano()).isEqualTo(T0 * MS);
    assertThat(h2.getBucketCountsList()).containsExactly(3L, 2L);
    assertThat(h2.getAttributesList()).isEqualTo(attrs("code", "200", "env", "test"));

    // Both reset: the start moves to the previous observation, after which the reset happened.
    MetricsBatch b3 = translate(t, String.format(HISTOGRAM_TEXT, 0, 1, 1, 7), Format.PROMETHEUS_TEXT_0_0_4,
        T0 + 20_000);
    assertThat(metric(b3, "jobs_total").getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo((T0 + 10_000) * MS);
    assertThat(metric(b3, "rpc").getHistogram().getDataPoints(0).getStartTimeUnixNano()).isEqualTo((T0 + 10_000) * MS);
    // And stays there while the values grow again.
    MetricsBatch b4 = translate(t, String.format(HISTOGRAM_TEXT, 0, 2, 2, 8), Format.PROMETHEUS_TEXT_0_0_4,
        T0 + 30_000);
    assertThat(metric(b4, "jobs_total").getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo((T0 + 10_000) * MS);
    assertThat(metric(b4, "queue").getGauge().getDataPoints(0).getStartTimeUnixNano()).isZero();
  }

  @Test
  void seriesThatDisappearGetAStalenessMarker() {
    ScrapeTranslator t = translator("");
    translate(t, "a{x=\"1\"} 1\na{x=\"2\"} 2\n# TYPE c_total counter\nc_total 5\n", Format.PROMETHEUS_TEXT_0_0_4, T0);
    MetricsBatch b = translate(t, "a{x=\"1\"} 1\n", Format.PROMETHEUS_TEXT_0_0_4, T0 + 1000);

    List<NumberDataPoint> a = metric(b, "a").getGauge().getDataPointsList();
    assertThat(a).hasSize(2);
    assertThat(a.get(1)).isEqualTo(NumberDataPoint.newBuilder().addAllAttributes(attrs("env", "test", "x", "2"))
        .setTimeUnixNano((T0 + 1000) * MS).setFlags(ScrapeTranslator.NO_RECORDED_VALUE).build());
    assertThat(metric(b, "c_total").getSum().getDataPoints(0)).isEqualTo(NumberDataPoint.newBuilder()
        .addAllAttributes(attrs("env", "test")).setStartTimeUnixNano(T0 * MS).setTimeUnixNano((T0 + 1000) * MS)
        .setFlags(ScrapeTranslator.NO_RECORDED_VALUE).build());
    // Only once.
    MetricsBatch again = translate(t, "a{x=\"1\"} 1\n", Format.PROMETHEUS_TEXT_0_0_4, T0 + 2000);
    assertThat(metric(again, "a").getGauge().getDataPointsList()).hasSize(1);
    assertThat(metrics(again)).extracting(Metric::getName).doesNotContain("c_total");
  }

  @Test
  void failedScrapeMarksEverySeriesStaleAndReportsDown() {
    ScrapeTranslator t = translator("");
    translate(t, "a 1\nb 2\n", Format.PROMETHEUS_TEXT_0_0_4, T0);
    ScrapeTranslator.Report r = new ScrapeTranslator.Report();
    MetricsBatch b = t.failed(T0 + 1000, 0.1, r);
    assertThat(metric(b, "a").getGauge().getDataPoints(0).getFlags()).isEqualTo(ScrapeTranslator.NO_RECORDED_VALUE);
    assertThat(metric(b, "b").getGauge().getDataPoints(0).getFlags()).isEqualTo(ScrapeTranslator.NO_RECORDED_VALUE);
    assertThat(metric(b, "up").getGauge().getDataPoints(0).getAsDouble()).isZero();
    assertThat(t.seriesCount()).isZero();
  }

  @Test
  void parseErrorFailsTheWholeScrape() {
    ScrapeTranslator t = translator("");
    ScrapeTranslator.Report r = new ScrapeTranslator.Report();
    MetricsBatch b = translate(t, "a 1\nb{ 2\n", Format.PROMETHEUS_TEXT_0_0_4, T0, r);
    assertThat(r.error).startsWith("line 2:");
    assertThat(metrics(b)).extracting(Metric::getName).containsExactly("up", "scrape_duration_seconds",
        "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");
    assertThat(metric(b, "up").getGauge().getDataPoints(0).getAsDouble()).isZero();
  }

  @Test
  void sampleAndLabelLimitsFailTheScrape() {
    ScrapeTranslator t = translator(", sample_limit: 2");
    ScrapeTranslator.Report r = new ScrapeTranslator.Report();
    translate(t, "a 1\nb 2\nc 3\n", Format.PROMETHEUS_TEXT_0_0_4, T0, r);
    assertThat(r.error).isEqualTo("sample limit exceeded");

    ScrapeTranslator l = translator(", label_limit: 2");
    ScrapeTranslator.Report r2 = new ScrapeTranslator.Report();
    translate(l, "a{x=\"1\",y=\"2\"} 1\n", Format.PROMETHEUS_TEXT_0_0_4, T0, r2);
    // __name__, env, instance, job, x, y
    assertThat(r2.error).isEqualTo("label_limit exceeded (metric: a, number of labels: 6, limit: 2)");

    ScrapeTranslator v = translator(", label_value_length_limit: 3");
    ScrapeTranslator.Report r3 = new ScrapeTranslator.Report();
    translate(v, "a{x=\"long\"} 1\n", Format.PROMETHEUS_TEXT_0_0_4, T0, r3);
    assertThat(r3.error).isEqualTo("label_value_length_limit exceeded (metric: a, label name: env, value:"
        + " \"test\", length: 4, limit: 3)");
  }

  @Test
  void honorLabelsAndTimestamps() {
    String page = "a{job=\"other\",env=\"page\"} 1 1600000000000\n";
    MetricsBatch clash = translate(translator(""), page, Format.PROMETHEUS_TEXT_0_0_4, T0);
    NumberDataPoint p = metric(clash, "a").getGauge().getDataPoints(0);
    assertThat(p.getAttributesList()).isEqualTo(attrs("env", "test", "exported_env", "page", "exported_job", "other"));
    assertThat(p.getTimeUnixNano()).isEqualTo(1_600_000_000_000L * MS);

    MetricsBatch honored = translate(translator(", honor_labels: true, honor_timestamps: false"), page,
        Format.PROMETHEUS_TEXT_0_0_4, T0);
    // The page's job wins and names its own resource.
    assertThat(honored.resourceMetrics()).hasSize(2);
    ResourceMetrics other = honored.resourceMetrics().get(0);
    assertThat(other.getResource().getAttributesList()).contains(kv("service.name", "other"));
    NumberDataPoint h = other.getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0);
    assertThat(h.getAttributesList()).isEqualTo(attrs("env", "page"));
    assertThat(h.getTimeUnixNano()).isEqualTo(T0 * MS);
  }

  @Test
  void metricRelabelingDropsAndRenames() {
    ScrapeTranslator t = translator(", metric_relabel_configs: [{source_labels: [__name__], regex: 'go_.*', action: drop},"
        + " {source_labels: [__name__], regex: 'old_(.*)', target_label: __name__, replacement: 'new_$1'}]");
    ScrapeTranslator.Report r = new ScrapeTranslator.Report();
    MetricsBatch b = translate(t, "# TYPE go_x gauge\ngo_x 1\n# TYPE old_y counter\nold_y 2\nz 3\n",
        Format.PROMETHEUS_TEXT_0_0_4, T0, r);
    assertThat(r.samplesScraped).isEqualTo(3);
    assertThat(r.samplesPostRelabel).isEqualTo(2);
    assertThat(metrics(b)).extracting(Metric::getName).startsWith("new_y", "z").doesNotContain("go_x", "old_y");
  }

  @Test
  void externalLabelsAreAddedWhereMissing() {
    ScrapeTranslator t = translator("", Map.of("cluster", "east", "env", "ignored"));
    MetricsBatch b = translate(t, "a 1\n", Format.PROMETHEUS_TEXT_0_0_4, T0);
    assertThat(metric(b, "a").getGauge().getDataPoints(0).getAttributesList())
        .isEqualTo(attrs("env", "test", "cluster", "east"));
  }

  @Test
  void endOfRunMarksEverythingStale() {
    ScrapeTranslator t = translator("");
    translate(t, "a 1\n", Format.PROMETHEUS_TEXT_0_0_4, T0);
    MetricsBatch b = t.endOfRun(T0 + 5000);
    assertThat(metrics(b)).extracting(Metric::getName).containsExactly("a", "up", "scrape_duration_seconds",
        "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");
    assertThat(metrics(b)).allSatisfy(m ->
        assertThat(m.getGauge().getDataPoints(0).getFlags()).isEqualTo(ScrapeTranslator.NO_RECORDED_VALUE));
  }
}
