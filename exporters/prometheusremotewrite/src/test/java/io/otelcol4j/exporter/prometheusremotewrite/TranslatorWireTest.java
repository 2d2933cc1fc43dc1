package io.otelcol4j.exporter.prometheusremotewrite;

import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.SECOND;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.T0;
import static io.otelcol4j.exporter.prometheusremotewrite.TranslatorGoldenTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
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
import io.otelcol4j.consumer.MetricsBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wire reader ({@link Translator#translate(MetricsBatch)} on received bytes) against the
 * message path ({@link Translator#translate(List)} on protobuf-java's parse of the same bytes):
 * generated metrics of every type and attribute kind, merged requests, and encodings protobuf
 * merges (a message field repeated, oneofs set twice); and the bounds of the caches.
 */
class TranslatorWireTest {
  private static final String[] KEYS = {"host", "a.b", "a_b", "2xx", "_private", "__reserved", "", "method", "naïve",
      "job", "instance", "le", "Zeta", "service.name", "k8s.pod.name"};
  private static final String[] STRINGS = {"", "x", "node-1", "GET", "ü€😀", "a;b", "eu-west-1"};
  private static final String[] NAMES = {"cpu.temp", "requests", "", "1st-metric", "x_total", "http.server.duration",
      "naïve"};
  private static final String[] UNITS = {"", "s", "By/s", "1", "{req}", "ms", "Cel"};

  private static Translator.Options randomOptions(Random r) {
    Map<String, String> external = new TreeMap<>();
    if (r.nextBoolean()) {
      external.put("cluster", "prod");
      external.put("job", "ext-job");
      external.put("empty", "");
    }
    return new Translator.Options(r.nextBoolean() ? "" : "ns", external, r.nextBoolean(), r.nextBoolean(),
        r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
  }

  private static AnyValue value(Random r, int depth) {
    AnyValue.Builder b = AnyValue.newBuilder();
    switch (r.nextInt(depth > 1 ? 6 : 9)) {
      case 0, 1, 2 -> b.setStringValue(STRINGS[r.nextInt(STRINGS.length)]);
      case 3 -> b.setBoolValue(r.nextBoolean());
      case 4 -> b.setIntValue(r.nextInt(5) - 2 + (r.nextBoolean() ? 0 : Long.MAX_VALUE / 3));
      case 5 -> b.setDoubleValue(new double[] {0.1, 1e21, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 3}[r.nextInt(6)]);
      case 6 -> b.setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff}));
      case 7 -> b.setArrayValue(ArrayValue.newBuilder().addValues(value(r, depth + 1)).addValues(value(r, depth + 1)));
      default -> {
        if (r.nextBoolean()) {
          b.setKvlistValue(KeyValueList.newBuilder().addValues(attr(r, depth + 1)).addValues(attr(r, depth + 1)));
        }
        // else: no value at all
      }
    }
    return b.build();
  }

  private static KeyValue attr(Random r, int depth) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(KEYS[r.nextInt(KEYS.length)]);
    if (r.nextInt(10) > 0) {
      kv.setValue(value(r, depth));
    }
    return kv.build();
  }

  private static List<KeyValue> attrs(Random r, int max) {
    List<KeyValue> out = new ArrayList<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      out.add(attr(r, 0));
    }
    return out;
  }

  private static Exemplar exemplar(Random r) {
    Exemplar.Builder e = Exemplar.newBuilder().setTimeUnixNano(T0 - SECOND).addAllFilteredAttributes(attrs(r, 2));
    if (r.nextBoolean()) {
      e.setAsInt(r.nextInt(100));
    } else {
      e.setAsDouble(r.nextDouble() * 20);
    }
    if (r.nextBoolean()) {
      e.setTraceId(ByteString.fromHex("0102030405060708090a0b0c0d0e0f10")).setSpanId(ByteString.fromHex("0102030405060708"));
    }
    return e.build();
  }

  private static NumberDataPoint point(Random r) {
    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(T0 + r.nextInt(3) * SECOND)
        .addAllAttributes(attrs(r, 5));
    if (r.nextBoolean()) {
      p.setStartTimeUnixNano(T0 - 60 * SECOND);
    }
    switch (r.nextInt(3)) {
      case 0 -> p.setAsInt(r.nextInt(1000) - 500);
      case 1 -> p.setAsDouble(r.nextDouble() * 100);
      default -> { }
    }
    if (r.nextInt(5) == 0) {
      p.setFlags(1);
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      p.addExemplars(exemplar(r));
    }
    return p.build();
  }

  private static AggregationTemporality temporality(Random r) {
    int t = r.nextInt(6);
    return t == 0 ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
        : t == 1 ? AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED
        : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
  }

  private static Metric metric(Random r) {
    Metric.Builder m = Metric.newBuilder().setName(NAMES[r.nextInt(NAMES.length)]).setUnit(UNITS[r.nextInt(UNITS.length)])
        .setDescription(r.nextBoolean() ? "" : "some help");
    int points = 1 + r.nextInt(4);
    switch (r.nextInt(8)) {
      case 0, 1, 2 -> {
        Gauge.Builder g = Gauge.newBuilder();
        for (int i = 0; i < points; i++) {
          g.addDataPoints(point(r));
        }
        m.setGauge(g);
      }
      case 3, 4 -> {
        Sum.Builder s = Sum.newBuilder().setIsMonotonic(r.nextBoolean()).setAggregationTemporality(temporality(r));
        for (int i = 0; i < points; i++) {
          s.addDataPoints(point(r));
        }
        m.setSum(s);
      }
      case 5 -> {
        Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality(r));
        for (int i = 0; i < points; i++) {
          h.addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0 + i * SECOND)
              .setStartTimeUnixNano(T0 - 60 * SECOND).addAllAttributes(attrs(r, 3)).addAllExplicitBounds(List.of(1.0, 5.0))
              .addAllBucketCounts(List.of(1L, 2L, 3L)).setCount(6).setSum(12).addExemplars(exemplar(r)));
        }
        m.setHistogram(h);
      }
      case 6 -> {
        Summary.Builder s = Summary.newBuilder();
        for (int i = 0; i < points; i++) {
          s.addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(T0 + i * SECOND).addAllAttributes(attrs(r, 3))
              .setCount(3).setSum(4.5).addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5)
                  .setValue(1.5)));
        }
        m.setSummary(s);
      }
      default -> {
        if (r.nextBoolean()) {
          m.setExponentialHistogram(ExponentialHistogram.newBuilder().setAggregationTemporality(temporality(r))
              .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(3).setSum(2)
                  .setScale(r.nextInt(14) - 5).addAllAttributes(attrs(r, 3))
                  .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(2)
                      .addAllBucketCounts(List.of(1L, 2L)))));
        }
        // else: a metric without data
      }
    }
    return m.build();
  }

  private static ResourceMetrics resource(Random r) {
    Resource.Builder res = Resource.newBuilder();
    if (r.nextInt(4) > 0) {
      res.addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("svc")));
    }
    if (r.nextBoolean()) {
      res.addAttributes(KeyValue.newBuilder().setKey("service.namespace").setValue(AnyValue.newBuilder()
          .setStringValue(r.nextBoolean() ? "" : "shop")));
    }
    if (r.nextBoolean()) {
      res.addAttributes(KeyValue.newBuilder().setKey("service.instance.id").setValue(AnyValue.newBuilder().setIntValue(7)));
    }
    res.addAllAttributes(attrs(r, 3));
    ResourceMetrics.Builder rm = ResourceMetrics.newBuilder().setResource(res);
    for (int s = 1 + r.nextInt(2); s > 0; s--) {
      ScopeMetrics.Builder sm = ScopeMetrics.newBuilder();
      for (int m = 1 + r.nextInt(4); m > 0; m--) {
        sm.addMetrics(metric(r));
      }
      rm.addScopeMetrics(sm);
    }
    return rm.build();
  }

  private static ExportMetricsServiceRequest request(Random r) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    for (int i = 1 + r.nextInt(2); i > 0; i--) {
      b.addResourceMetrics(resource(r));
    }
    return b.build();
  }

  /** Both paths on these bytes, which must be a valid request; returns the (equal) rendering. */
  private static String assertSameTranslation(Translator.Options options, byte[] bytes) throws IOException {
    MetricsBatch batch = MetricsBatch.parseFrom(bytes);
    assertThat(batch.wireBytes()).isNotNull();
    String expected = render(new Translator(options).translate(ExportMetricsServiceRequest.parseFrom(bytes)
        .getResourceMetricsList()));
    assertThat(render(new Translator(options).translate(batch))).isEqualTo(expected);
    return expected;
  }

  @Test
  void generatedRequestsTranslateTheSameFromBytesAsFromMessages() throws IOException {
    Random r = new Random(42);
    for (int i = 0; i < 400; i++) {
      assertSameTranslation(randomOptions(r), request(r).toByteArray());
    }
  }

  @Test
  void mergedBatchesTranslateTheSameAsTheirParts() throws IOException {
    Random r = new Random(7);
    for (int i = 0; i < 50; i++) {
      Translator.Options options = randomOptions(r);
      ExportMetricsServiceRequest a = request(r);
      ExportMetricsServiceRequest b = request(r);
      MetricsBatch merged = MetricsBatch.parseFrom(a.toByteArray()).merge(List.of(MetricsBatch.parseFrom(b.toByteArray())));
      String expected = render(new Translator(options).translate(a.toBuilder().mergeFrom(b).build().getResourceMetricsList()));
      assertThat(render(new Translator(options).translate(merged))).isEqualTo(expected);
    }
  }

  private static byte[] field(int number, byte[]... parts) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.write(p);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeByteArray(number, content.toByteArray());
    c.flush();
    return out.toByteArray();
  }

  private static byte[] requestOfMetric(Resource res, byte[] metric) throws IOException {
    return field(1, field(1, res.toByteArray()), field(2, field(2, metric)));
  }

  @Test
  void encodingsThatProtobufMergesTranslateTheSame() throws IOException {
    Random r = new Random(11);
    Resource res = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
        .setValue(AnyValue.newBuilder().setStringValue("svc"))).build();
    for (int i = 0; i < 200; i++) {
      Translator.Options options = randomOptions(r);
      // A Metric encoded twice in a row: scalars last-wins, oneof last-wins, repeated fields appended.
      assertSameTranslation(options, requestOfMetric(res, concat(metric(r).toByteArray(), metric(r).toByteArray())));
      // A data point encoded twice, inside a gauge.
      byte[] points = concat(point(r).toByteArray(), point(r).toByteArray());
      assertSameTranslation(options, requestOfMetric(res, concat(field(1, "g".getBytes()), field(5, field(1, points)))));
      // An attribute encoded twice (its value message merged), inside a sum.
      KeyValue kv1 = attr(r, 0);
      KeyValue kv2 = attr(r, 0);
      byte[] point = concat(field(7, kv1.toByteArray(), kv2.toByteArray()), NumberDataPoint.newBuilder().setAsInt(3)
          .setTimeUnixNano(T0).build().toByteArray());
      byte[] sum = concat(field(1, point), Sum.newBuilder().setIsMonotonic(true)
          .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).build().toByteArray());
      assertSameTranslation(options, requestOfMetric(res, concat(field(1, "c".getBytes()), field(7, sum))));
      // The resource field twice: attributes of both.
      ResourceMetrics rm = resource(r);
      byte[] twice = field(1, concat(rm.toByteArray(), field(1, Resource.newBuilder().addAllAttributes(attrs(r, 3))
          .build().toByteArray())));
      assertSameTranslation(options, twice);
    }
  }

  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    return out.toByteArray();
  }

  @Test
  void unknownFieldsAndGroupsAreSkipped() throws IOException {
    ByteArrayOutputStream unknown = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(unknown);
    c.writeUInt64(99, 5);
    c.writeFixed32(98, 7);
    c.writeTag(97, 3);
    c.writeString(1, "inside a group");
    c.writeTag(97, 4);
    c.writeString(96, "text");
    c.writeFixed64(95, 1);
    c.flush();
    byte[] u = unknown.toByteArray();
    NumberDataPoint p = NumberDataPoint.newBuilder().setAsDouble(2).setTimeUnixNano(T0)
        .addAttributes(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setStringValue("v"))).build();
    byte[] metric = concat(u, field(1, "m".getBytes()), u, field(5, u, field(1, u, p.toByteArray(), u)));
    Resource res = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
        .setValue(AnyValue.newBuilder().setStringValue("svc"))).build();
    String text = assertSameTranslation(new Translator.Options("", Map.of(), false, false, false, true, false),
        concat(u, requestOfMetric(res, metric)));
    assertThat(text).startsWith("series {__name__=\"m\", job=\"svc\", k=\"v\"}\n  sample 2 @1700000000000\n");
  }

  @Test
  void theWireReaderRefusesTruncatedInput() {
    Translator.Wire w = new Translator.Wire();
    w.buf = new byte[] {(byte) 0x80, (byte) 0x80};
    w.limit = 2;
    assertThatThrownBy(w::varint).isInstanceOf(Translator.Malformed.class);
    w.buf = new byte[] {0x0a, 0x05, 1, 2};
    w.pos = 0;
    w.limit = 4;
    int tag = w.tag();
    assertThatThrownBy(w::len).isInstanceOf(Translator.Malformed.class);
    w.pos = 0;
    assertThat(tag).isEqualTo(1 << 3 | 2);
    w.buf = new byte[] {0x09, 1, 2, 3};
    w.pos = 0;
    w.limit = 4;
    assertThatThrownBy(() -> w.skip(w.tag())).isInstanceOf(Translator.Malformed.class);
  }

  @Test
  void theAttributeKeyCacheStaysBoundedAndCorrect() throws IOException {
    Translator t = new Translator(new Translator.Options("", Map.of(), false, false, false, true, false));
    int distinct = Translator.KeyCache.MAX_KEYS * 2 + 17;
    Gauge.Builder g = Gauge.newBuilder();
    for (int i = 0; i < distinct; i++) {
      g.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i).setTimeUnixNano(T0).addAttributes(KeyValue.newBuilder()
          .setKey("key." + i).setValue(AnyValue.newBuilder().setStringValue("v" + i))));
    }
    ExportMetricsServiceRequest req = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics
        .newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("m").setGauge(g))))
        .build();
    for (int round = 0; round < 2; round++) {
      Translator.Result result = t.translate(MetricsBatch.parseFrom(req.toByteArray()));
      assertThat(t.cachedKeys()).isLessThanOrEqualTo(Translator.KeyCache.MAX_KEYS);
      assertThat(result.series()).hasSize(distinct);
      for (int i = 0; i < distinct; i++) {
        assertThat(result.series().get(i).labelList()).containsExactly(new RemoteWrite.Label("__name__", "m"),
            new RemoteWrite.Label("key_" + i, "v" + i));
      }
    }
  }

  @Test
  void aReusedTranslatorGivesWhatAFreshOneGives() throws IOException {
    Random r = new Random(5);
    Translator.Options options = randomOptions(r);
    Translator reused = new Translator(options);
    for (int i = 0; i < 100; i++) {
      byte[] bytes = request(r).toByteArray();
      String fresh = render(new Translator(options).translate(MetricsBatch.parseFrom(bytes)));
      assertThat(render(reused.translate(MetricsBatch.parseFrom(bytes)))).isEqualTo(fresh);
    }
  }

  @Test
  void aReusedTranslatorOnSharedMessagesGivesWhatAFreshOneGives() throws IOException {
    // The message path remembers labels by the identity of attribute lists, Resources and families:
    // batches that share those instances (as the prometheus receiver's do), in new combinations,
    // must still translate exactly as a fresh translator does.
    for (int seed = 11; seed < 17; seed++) {
      translateSharedMessages(new Random(seed));
    }
  }

  private static void translateSharedMessages(Random r) throws IOException {
    Translator.Options options = randomOptions(r);
    Translator reused = new Translator(options);
    List<ResourceMetrics> pool = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pool.addAll(request(r).getResourceMetricsList());
    }
    for (int i = 0; i < 100; i++) {
      List<ResourceMetrics> batch = new ArrayList<>();
      for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
        ResourceMetrics rm = pool.get(r.nextInt(pool.size()));
        if (r.nextInt(3) == 0) {
          // The same metrics (and attribute list instances) under another resource.
          rm = rm.toBuilder().setResource(pool.get(r.nextInt(pool.size())).getResource()).build();
        }
        batch.add(rm);
      }
      String fresh = render(new Translator(options).translate(batch));
      assertThat(render(reused.translate(batch))).isEqualTo(fresh);
    }
  }

  @Test
  void theMetricNameCacheStaysBoundedAndCorrect() throws IOException {
    Translator t = new Translator(new Translator.Options("", Map.of(), false, false, false, true, false));
    ScopeMetrics.Builder sm = ScopeMetrics.newBuilder();
    for (int i = 0; i < Translator.MAX_FAMILIES * 2 + 10; i++) {
      sm.addMetrics(Metric.newBuilder().setName("m." + i).setUnit(i % 2 == 0 ? "s" : "")
          .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(i).setTimeUnixNano(T0))));
    }
    byte[] many = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .addScopeMetrics(sm)).build().toByteArray();
    for (int round = 0; round < 2; round++) {
      Translator.Result result = t.translate(MetricsBatch.parseFrom(many));
      assertThat(t.cachedFamilies()).isLessThanOrEqualTo(Translator.MAX_FAMILIES);
      assertThat(result.series()).hasSize(Translator.MAX_FAMILIES * 2 + 10);
      for (int i = 0; i < result.series().size(); i++) {
        assertThat(result.series().get(i).labelList())
            .containsExactly(new RemoteWrite.Label("__name__", "m_" + i + (i % 2 == 0 ? "_seconds" : "")));
      }
    }
  }
}
