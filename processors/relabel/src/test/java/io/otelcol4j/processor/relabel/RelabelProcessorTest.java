package io.otelcol4j.processor.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelabelProcessorTest {
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final SinkConsumer sink = new SinkConsumer();
  private final List<Processor<MetricsBatch>> processors = new ArrayList<>();

  @AfterEach
  void shutdown() throws Exception {
    for (Processor<MetricsBatch> p : processors) {
      p.shutdown(Duration.ofSeconds(5));
    }
    meterProvider.close();
  }

  @Test
  void noRulesPassTheSameBatchInstance() {
    MetricsBatch in = batch(gauge("cpu", point(attr("host", "a"))));

    consume(processor(""), in);

    assertThat(output()).isSameAs(in);
  }

  @Test
  void rulesThatChangeNothingPassTheSameBatchInstance() {
    MetricsBatch in = batch(gauge("cpu", point(attr("host", "a"))), sum("requests", point(attr("host", "b"))));
    Processor<MetricsBatch> p = processor("""
        - source_labels: [host]
          regex: nomatch
          action: drop
        - source_labels: [host]
          target_label: host
        - regex: absent_.*
          action: labeldrop
        """);

    consume(p, in);

    assertThat(output()).isSameAs(in);
  }

  @Test
  void onlyChangedMetricsAreRebuilt() {
    Metric untouched = gauge("cpu", point(attr("host", "a")));
    Metric changed = gauge("mem", point(attr("host", "a")));
    MetricsBatch in = batch(untouched, changed);

    consume(processor("""
        - source_labels: [__name__]
          regex: mem
          target_label: kind
          replacement: memory
        """), in);

    List<Metric> out = metrics(output());
    assertThat(out.get(0)).isSameAs(untouched);
    assertThat(attributes(out.get(1).getGauge().getDataPoints(0).getAttributesList()))
        .containsExactly(Map.entry("host", "a"), Map.entry("kind", "memory"));
  }

  @Test
  void everyMetricTypeIsRelabeled() {
    KeyValue env = attr("env", "prod");
    MetricsBatch in = batch(
        gauge("g", point(env)),
        sum("s", point(env)),
        Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
            .addDataPoints(HistogramDataPoint.newBuilder().setCount(3).addBucketCounts(3).addAttributes(env))).build(),
        Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(2).setScale(1).addAttributes(env)))
            .build(),
        Metric.newBuilder().setName("q").setSummary(Summary.newBuilder()
            .addDataPoints(SummaryDataPoint.newBuilder().setCount(5).setSum(1.5).addAttributes(env))).build());

    consume(processor("""
        - source_labels: [env]
          target_label: environment
        - regex: env
          action: labeldrop
        - source_labels: [__name__]
          target_label: __name__
          replacement: relabeled_$1
        """), in);

    List<Metric> out = metrics(output());
    assertThat(out).extracting(Metric::getName)
        .containsExactly("relabeled_g", "relabeled_s", "relabeled_h", "relabeled_e", "relabeled_q");
    Map<String, String> expected = Map.of("environment", "prod");
    assertThat(attributes(out.get(0).getGauge().getDataPoints(0).getAttributesList())).isEqualTo(expected);
    assertThat(attributes(out.get(1).getSum().getDataPoints(0).getAttributesList())).isEqualTo(expected);
    assertThat(attributes(out.get(2).getHistogram().getDataPoints(0).getAttributesList())).isEqualTo(expected);
    assertThat(attributes(out.get(3).getExponentialHistogram().getDataPoints(0).getAttributesList()))
        .isEqualTo(expected);
    assertThat(attributes(out.get(4).getSummary().getDataPoints(0).getAttributesList())).isEqualTo(expected);
    // Everything but the name and attributes is kept.
    assertThat(out.get(2).getHistogram().getDataPoints(0).getCount()).isEqualTo(3);
    assertThat(out.get(3).getExponentialHistogram().getDataPoints(0).getScale()).isEqualTo(1);
    assertThat(out.get(4).getSummary().getDataPoints(0).getSum()).isEqualTo(1.5);
    assertThat(output().itemCount()).isEqualTo(5);
  }

  @Test
  void renamingSomePointsSplitsTheMetric() {
    MetricsBatch in = batch(sum("http_requests", point(attr("code", "200")), point(attr("code", "500")),
        point(attr("code", "404")), point(attr("code", "503"))));

    consume(processor("""
        - source_labels: [__name__, code]
          regex: (.*);5..
          target_label: __name__
          replacement: ${1}_errors
        """), in);

    List<Metric> out = metrics(output());
    assertThat(out).extracting(Metric::getName).containsExactly("http_requests", "http_requests_errors");
    assertThat(out.get(0).getSum().getDataPointsList()).extracting(pt -> attributes(pt.getAttributesList()).get("code"))
        .containsExactly("200", "404");
    assertThat(out.get(1).getSum().getDataPointsList()).extracting(pt -> attributes(pt.getAttributesList()).get("code"))
        .containsExactly("500", "503");
    // The split metric keeps the original's type settings.
    assertThat(out.get(1).getSum().getIsMonotonic()).isTrue();
    assertThat(out.get(1).getUnit()).isEqualTo("1");
  }

  @Test
  void droppingEveryPointRemovesTheMetricAndCountsThePoints() {
    Metric keep = gauge("keep_me", point(attr("a", "1")));
    MetricsBatch in = batch(gauge("go_gc_duration", point(attr("a", "1")), point(attr("a", "2"))), keep);

    consume(processor("""
        - source_labels: [__name__]
          regex: go_.*
          action: drop
        """), in);

    assertThat(metrics(output())).containsExactly(keep);
    assertThat(droppedPoints()).isEqualTo(2);
  }

  @Test
  void droppingEverythingPassesNothingOn() {
    consume(processor("""
        - source_labels: [__name__]
          regex: .*
          action: drop
        """), batch(gauge("a", point(attr("x", "1"))), gauge("b", point(attr("x", "1")))));

    assertThat(sink.batches()).isEmpty();
    assertThat(droppedPoints()).isEqualTo(2);
  }

  @Test
  void keepDropsWhatDoesNotMatchAndEmptyScopesAndResourcesGo() {
    ResourceMetrics first = resource(Map.of("service.name", "api"), gauge("up", point(attr("job", "node"))),
        gauge("up", point(attr("job", "other"))));
    ResourceMetrics second = resource(Map.of("service.name", "db"), gauge("up", point(attr("job", "other"))));

    consume(processor("""
        - source_labels: [job]
          regex: node
          action: keep
        """), MetricsBatch.of(List.of(first, second)));

    MetricsBatch out = output();
    assertThat(out.resourceMetrics()).hasSize(1);
    assertThat(out.itemCount()).isEqualTo(1);
    assertThat(metrics(out)).hasSize(1);
    assertThat(droppedPoints()).isEqualTo(2);
  }

  @Test
  void removingTheNameDropsThePoint() {
    consume(processor("""
        - regex: __name__
          action: labeldrop
        """), batch(gauge("a", point(attr("x", "1"))), gauge("b", point())));

    assertThat(sink.batches()).isEmpty();
    assertThat(droppedPoints()).isEqualTo(2);
  }

  @Test
  void labelmapCopiesAttributesAndTemporaryLabelsAreNotWritten() {
    MetricsBatch in = batch(gauge("up", point(attr("__meta_pod", "web-1"), attr("__meta_ns", "prod"),
        attr("job", "k8s"))));

    consume(processor("""
        - regex: __meta_(.+)
          action: labelmap
        - source_labels: [pod]
          target_label: __tmp_hash
          modulus: 2
          action: hashmod
        """), in);

    Map<String, String> attrs = attributes(metrics(output()).get(0).getGauge().getDataPoints(0).getAttributesList());
    // The point's own __meta_ attributes did not change, so they stay; __tmp_hash is never written.
    assertThat(attrs).containsExactly(Map.entry("__meta_pod", "web-1"), Map.entry("__meta_ns", "prod"),
        Map.entry("job", "k8s"), Map.entry("ns", "prod"), Map.entry("pod", "web-1"));
  }

  @Test
  void resourceAttributesAreLabelsAndChangesGoToThePoint() {
    ResourceMetrics rm = resource(Map.of("service.name", "api", "host.name", "h1"),
        gauge("up", point(attr("host.name", "from-point"), attr("zone", "a"))));

    consume(processor("""
        - source_labels: [service.name, zone]
          separator: "-"
          target_label: instance
        - source_labels: [service.name]
          target_label: service.name
          replacement: API
        - source_labels: [host.name]
          regex: from-point
          action: keep
        """), MetricsBatch.of(List.of(rm)));

    ResourceMetrics out = output().resourceMetrics().get(0);
    assertThat(out.getResource()).isEqualTo(rm.getResource()); // the resource is never changed
    Map<String, String> attrs = attributes(out.getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0)
        .getAttributesList());
    // Point attributes win over resource ones; resource labels only reach the point when changed.
    assertThat(attrs).containsExactly(Map.entry("host.name", "from-point"), Map.entry("zone", "a"),
        Map.entry("instance", "api-a"), Map.entry("service.name", "API"));
  }

  @Test
  void typedAttributesStayTypedUnlessChanged() {
    KeyValue count = KeyValue.newBuilder().setKey("count").setValue(AnyValue.newBuilder().setIntValue(42)).build();
    KeyValue ratio = KeyValue.newBuilder().setKey("ratio").setValue(AnyValue.newBuilder().setDoubleValue(0.5)).build();
    KeyValue flag = KeyValue.newBuilder().setKey("flag").setValue(AnyValue.newBuilder().setBoolValue(true)).build();
    KeyValue list = KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(
        ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("a"))
            .addValues(AnyValue.newBuilder().setIntValue(1)))).build();
    KeyValue bytes = KeyValue.newBuilder().setKey("raw").setValue(AnyValue.newBuilder()
        .setBytesValue(ByteString.copyFromUtf8("hi"))).build();

    consume(processor("""
        - source_labels: [count, ratio, flag, list, raw]
          target_label: joined
        - source_labels: [flag]
          target_label: flag
          replacement: yes
        """), batch(gauge("m", point(count, ratio, flag, list, bytes))));

    List<KeyValue> attrs = metrics(output()).get(0).getGauge().getDataPoints(0).getAttributesList();
    assertThat(attrs.get(0)).isSameAs(count);
    assertThat(attrs.get(1)).isSameAs(ratio);
    assertThat(attrs.get(2).getValue().getStringValue()).isEqualTo("yes");
    assertThat(attrs.get(3)).isSameAs(list);
    assertThat(attrs.get(4)).isSameAs(bytes);
    assertThat(attributes(attrs)).containsEntry("joined", "42;0.5;true;[\"a\",1];aGk=");
  }

  @Test
  void shardsSplitPointsDisjointly() {
    List<NumberDataPoint> points = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      points.add(point(attr("instance", "10.0." + (i / 256) + "." + (i % 256) + ":9100")));
    }
    MetricsBatch in = batch(gauge("up", points.toArray(new NumberDataPoint[0])));
    int total = 0;
    for (int shard = 0; shard < 3; shard++) {
      sink.reset();
      consume(processor("""
          - source_labels: [instance]
            target_label: __tmp_hash
            modulus: 3
            action: hashmod
          - source_labels: [__tmp_hash]
            regex: "%d"
            action: keep
          """.formatted(shard)), in);
      MetricsBatch out = output();
      assertThat(metrics(out).get(0).getGauge().getDataPointsList())
          .allSatisfy(pt -> assertThat(attributes(pt.getAttributesList())).containsOnlyKeys("instance"));
      total += out.itemCount();
    }
    assertThat(total).isEqualTo(1000);
  }

  // --- helpers ---

  private Processor<MetricsBatch> processor(String rulesYaml) {
    ConfigProblems problems = new ConfigProblems();
    String yaml = rulesYaml.isBlank() ? "{}" : "metric_relabel_configs:\n" + rulesYaml.indent(2);
    ConfigNode node = ConfigNode.fromYaml(yaml, "test.yaml", "processors.relabel", problems);
    RelabelProcessorConfig config = RelabelProcessorConfig.from(node);
    node.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    Processor<MetricsBatch> p = new RelabelProcessorFactory().createMetrics(
        TestSettings.of(Kind.PROCESSOR, ComponentId.parse("relabel"), meterProvider), config, sink.metrics());
    try {
      p.start(new NopHost());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    processors.add(p);
    return p;
  }

  private static void consume(Processor<MetricsBatch> p, MetricsBatch batch) {
    p.consume(Context.EMPTY, batch);
  }

  private MetricsBatch output() {
    List<MetricsBatch> batches = sink.batchesOf(MetricsBatch.class);
    assertThat(batches).hasSize(1);
    return batches.get(0);
  }

  private long droppedPoints() {
    MetricData m = reader.collectAllMetrics().stream()
        .filter(d -> d.getName().equals(RelabelProcessor.DROPPED_METRIC_POINTS)).findFirst().orElse(null);
    return m == null ? 0 : m.getLongSumData().getPoints().stream().mapToLong(pt -> pt.getValue()).sum();
  }

  private static List<Metric> metrics(MetricsBatch b) {
    return b.resourceMetrics().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
        .flatMap(sm -> sm.getMetricsList().stream()).collect(Collectors.toList());
  }

  private static Map<String, String> attributes(List<KeyValue> attrs) {
    Map<String, String> m = new LinkedHashMap<>();
    attrs.forEach(kv -> m.put(kv.getKey(), MetricsRelabeling.render(kv.getValue())));
    return m;
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static NumberDataPoint point(KeyValue... attrs) {
    return NumberDataPoint.newBuilder().setTimeUnixNano(1_700_000_000_000_000_000L).setAsDouble(1)
        .addAllAttributes(List.of(attrs)).build();
  }

  private static Metric gauge(String name, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit("1").setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points)))
        .build();
  }

  private static Metric sum(String name, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit("1").setSum(Sum.newBuilder().setIsMonotonic(true)
        .addAllDataPoints(List.of(points))).build();
  }

  private static ResourceMetrics resource(Map<String, String> attrs, Metric... metrics) {
    Resource.Builder r = Resource.newBuilder();
    new java.util.TreeMap<>(attrs).forEach((k, v) -> r.addAttributes(attr(k, v)));
    return ResourceMetrics.newBuilder().setResource(r)
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))).build();
  }

  private static MetricsBatch batch(Metric... metrics) {
    return MetricsBatch.of(List.of(resource(Map.of("service.name", "test"), metrics)));
  }
}
