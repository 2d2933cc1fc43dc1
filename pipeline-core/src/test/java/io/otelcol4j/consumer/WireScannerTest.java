package io.otelcol4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
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
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.otelcol4j.otlp.OtlpJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner behind lazily decoded batches must accept exactly what protobuf-java's parser accepts
 * and count what the parsed message holds: checked here against the real parser on generated
 * requests of every shape, thousands of mutations of them, random bytes, and hand-made edge cases.
 */
class WireScannerTest {
  private static final Path OTLP_JSON = Path.of("src/test/resources/testdata/shared/otlp-json");

  private final Random random = new Random(20261122);

  @org.junit.jupiter.api.BeforeEach
  void resetFallbacks() {
    fallbacks = 0;
  }

  @Test
  void countsWhatTheParsedRequestHolds() throws Exception {
    for (int i = 0; i < 200; i++) {
      ExportTraceServiceRequest t = traces();
      assertSameAsParser(Signal.TRACES, t.toByteArray());
      ExportMetricsServiceRequest m = metrics();
      assertSameAsParser(Signal.METRICS, m.toByteArray());
      ExportLogsServiceRequest l = logs();
      assertSameAsParser(Signal.LOGS, l.toByteArray());
    }
    assertSameAsParser(Signal.TRACES, new byte[0]);
    assertThat(TracesBatch.parseFrom(new byte[0]).itemCount()).isZero();
    assertThat(fallbacks).as("well-formed requests the scanner left to the parser").isZero();
  }

  @Test
  void specExamplesCountTheSameLazilyAsParsed() throws Exception {
    TracesBatch t = OtlpJson.parseTraces(Files.readString(OTLP_JSON.resolve("trace.json")));
    MetricsBatch m = OtlpJson.parseMetrics(Files.readString(OTLP_JSON.resolve("metrics.json")));
    LogsBatch l = OtlpJson.parseLogs(Files.readString(OTLP_JSON.resolve("logs.json")));
    assertThat(TracesBatch.parseFrom(t.toByteArray()).itemCount()).isEqualTo(t.itemCount()).isPositive();
    assertThat(MetricsBatch.parseFrom(m.toByteArray()).itemCount()).isEqualTo(m.itemCount()).isPositive();
    assertThat(LogsBatch.parseFrom(l.toByteArray()).itemCount()).isEqualTo(l.itemCount()).isPositive();
  }

  @Test
  void mutatedRequestsAreRefusedExactlyWhenTheParserRefusesThem() throws Exception {
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      Signal s = Signal.values()[i % 3];
      byte[] valid = switch (s) {
        case TRACES -> traces().toByteArray();
        case METRICS -> metrics().toByteArray();
        case LOGS -> logs().toByteArray();
      };
      byte[] bad = mutate(valid);
      if (!assertSameAsParser(s, bad)) {
        refused++;
      }
    }
    // The mutations must exercise both sides, or the comparison proves little; and the scanner may be
    // stricter than the parser only for rare encodings (each one costs a real parse, nothing else).
    assertThat(refused).isBetween(300, 2700);
    assertThat(fallbacks).isLessThan(30);
  }

  @Test
  void randomBytesAreJudgedAsTheParserJudgesThem() throws Exception {
    for (int i = 0; i < 5000; i++) {
      byte[] b = new byte[random.nextInt(40)];
      random.nextBytes(b);
      assertSameAsParser(Signal.values()[i % 3], b);
    }
  }

  @Test
  void stringsMustBeUtf8AsTheParserRequires() throws Exception {
    for (int i = 0; i < 5000; i++) {
      byte[] name = new byte[1 + random.nextInt(6)];
      random.nextBytes(name);
      if (random.nextBoolean()) {
        name[0] = (byte) (0xc0 | random.nextInt(0x40)); // start a multi-byte form more often
      }
      byte[] req = traceWithRawSpanName(name);
      boolean parsed = assertSameAsParser(Signal.TRACES, req);
      assertThat(parsed).as("UTF-8 of %s", ByteString.copyFrom(name)).isEqualTo(strictUtf8(name));
    }
  }

  @Test
  void nestingIsLimitedAsTheParserLimitsIt() throws Exception {
    // attribute values nested in arrays: request(0) > ResourceSpans(1) > Resource(2) > KeyValue(3) >
    // AnyValue(4) > ArrayValue(5) > AnyValue(6) ...; the parser allows 100 levels below the request.
    for (int arrays = 45; arrays <= 50; arrays++) {
      AnyValue v = AnyValue.newBuilder().setStringValue("leaf").build();
      for (int k = 0; k < arrays; k++) {
        v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
      }
      ExportTraceServiceRequest r = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
          .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("k").setValue(v)))).build();
      assertSameAsParser(Signal.TRACES, r.toByteArray());
    }
    // Unknown groups count as nesting too.
    for (int groups = 98; groups <= 102; groups++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(out);
      for (int k = 0; k < groups; k++) {
        o.writeTag(9, 3);
      }
      for (int k = 0; k < groups; k++) {
        o.writeTag(9, 4);
      }
      o.flush();
      assertSameAsParser(Signal.LOGS, out.toByteArray());
    }
  }

  @Test
  void aReplacedDataOneofMemberCountsAsTheParserCountsIt() throws Exception {
    Metric gauge3 = Metric.newBuilder().setName("m").setGauge(Gauge.newBuilder()
        .addDataPoints(point(1)).addDataPoints(point(2)).addDataPoints(point(3))).build();
    Metric sum2 = Metric.newBuilder().setSum(Sum.newBuilder().addDataPoints(point(4)).addDataPoints(point(5))).build();
    Metric gauge1 = Metric.newBuilder().setGauge(Gauge.newBuilder().addDataPoints(point(6))).build();
    // Concatenated encodings of one message merge: gauge, then sum replaces it, then gauge again.
    byte[] metric = concat(gauge3.toByteArray(), sum2.toByteArray(), gauge1.toByteArray());
    byte[] req = request(1, scopeMetrics(metric));
    assertSameAsParser(Signal.METRICS, req);
    // protobuf-java keeps the first gauge's builder: the parsed metric has 3 + 1 points.
    assertThat(MetricsBatch.parseFrom(req).itemCount()).isEqualTo(4);
    // The same member twice merges: 3 + 3 points.
    byte[] twice = request(1, scopeMetrics(concat(gauge3.toByteArray(), gauge3.toByteArray())));
    assertSameAsParser(Signal.METRICS, twice);
    assertThat(MetricsBatch.parseFrom(twice).itemCount()).isEqualTo(6);
  }

  @Test
  void packedAndUnpackedRepeatedScalarsAreBothAccepted() throws Exception {
    HistogramDataPoint p = HistogramDataPoint.newBuilder().addBucketCounts(1).addBucketCounts(2)
        .addExplicitBounds(0.5).setCount(3).build();
    Metric h = Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder().addDataPoints(p)).build();
    byte[] packed = request(1, scopeMetrics(h.toByteArray()));
    assertSameAsParser(Signal.METRICS, packed);
    // bucket_counts (6, fixed64) unpacked, explicit_bounds (7, double) packed with a bad length.
    ByteArrayOutputStream dp = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(dp);
    o.writeFixed64(6, 1);
    o.writeFixed64(6, 2);
    o.writeTag(7, 2);
    o.writeUInt32NoTag(12);
    o.writeFixed64NoTag(1);
    o.writeFixed32NoTag(2);
    o.flush();
    byte[] metric = lenField(9, lenField(1, dp.toByteArray()));
    assertSameAsParser(Signal.METRICS, request(1, scopeMetrics(metric)));
  }

  @Test
  void refusalCarriesTheParsersOwnMessage() {
    byte[] truncated = traces().toByteArray();
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 3);
    assertThatThrownBy(() -> TracesBatch.parseFrom(cut)).isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("While parsing a protocol message, the input ended unexpectedly");
  }

  @Test
  void aLazyBatchDecodesToTheSameMessagesAndMergesWithoutDecoding() throws Exception {
    ExportTraceServiceRequest a = traces();
    ExportTraceServiceRequest b = traces();
    TracesBatch la = TracesBatch.parseFrom(a.toByteArray());
    TracesBatch lb = TracesBatch.parseFrom(b.toByteArray());
    TracesBatch merged = la.merge(List.of(lb));
    assertThat(merged.wireBytes()).isEqualTo(a.toByteString().concat(b.toByteString()));
    assertThat(merged.itemCount()).isEqualTo(la.itemCount() + lb.itemCount());
    assertThat(merged.resourceCount()).isEqualTo(a.getResourceSpansCount() + b.getResourceSpansCount());
    List<ResourceSpans> all = new ArrayList<>(a.getResourceSpansList());
    all.addAll(b.getResourceSpansList());
    assertThat(merged.resourceSpans()).isEqualTo(all);
    assertThat(merged.toRequest()).isEqualTo(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(all).build());
    assertThat(merged.toByteArray()).isEqualTo(merged.toRequest().toByteArray());
    // Merging with a batch that has no bytes decodes both sides and keeps no bytes.
    TracesBatch mixed = la.merge(List.of(TracesBatch.of(b.getResourceSpansList())));
    assertThat(mixed.wireBytes()).isNull();
    assertThat(mixed.resourceSpans()).isEqualTo(all);
  }

  @Test
  void utf8CheckMatchesTheJdksStrictDecoder() {
    for (int i = 0; i < 200_000; i++) {
      byte[] b = new byte[random.nextInt(5)];
      for (int k = 0; k < b.length; k++) {
        int r = random.nextInt(4);
        b[k] = (byte) (r == 0 ? random.nextInt(0x80) : r == 1 ? 0x80 | random.nextInt(0x40) : 0xc0 | random.nextInt(0x40));
      }
      assertThat(WireScanner.Utf8.isValid(b, 0, b.length)).as("%s", ByteString.copyFrom(b)).isEqualTo(strictUtf8(b));
    }
  }

  private enum Signal { TRACES, METRICS, LOGS }

  /**
   * Scans and parses {@code bytes}: both accept or both refuse, and on acceptance the lazy batch counts
   * what the parsed one counts and decodes to the parsed message. Returns whether they were accepted.
   */
  private static boolean assertSameAsParser(Signal s, byte[] bytes) throws IOException {
    Parser<? extends Message> parser = switch (s) {
      case TRACES -> ExportTraceServiceRequest.parser();
      case METRICS -> ExportMetricsServiceRequest.parser();
      case LOGS -> ExportLogsServiceRequest.parser();
    };
    Message parsed;
    try {
      parsed = parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      parsed = null;
    }
    WireScanner scanner = switch (s) {
      case TRACES -> TRACES_SCANNER;
      case METRICS -> METRICS_SCANNER;
      case LOGS -> LOGS_SCANNER;
    };
    WireScanner.Counts counts;
    try {
      counts = scanner.scan(bytes);
    } catch (WireScanner.MalformedException e) {
      counts = null;
      if (parsed != null) {
        fallbacks++; // stricter than the parser: the batch parses for real instead
      }
    }
    if (parsed == null) {
      assertThat(counts).as("scanner accepts %s bytes the parser refuses: %s", s, ByteString.copyFrom(bytes)).isNull();
      assertThatThrownBy(() -> parseBatch(s, bytes.clone())).isInstanceOf(InvalidProtocolBufferException.class);
      return false;
    }
    Batch<?> eager = switch (s) {
      case TRACES -> TracesBatch.of((ExportTraceServiceRequest) parsed);
      case METRICS -> MetricsBatch.of((ExportMetricsServiceRequest) parsed);
      case LOGS -> LogsBatch.of((ExportLogsServiceRequest) parsed);
    };
    if (counts != null) {
      assertThat(counts.items()).as("items of %s", ByteString.copyFrom(bytes)).isEqualTo(eager.itemCount());
      assertThat(counts.resources()).isEqualTo(eager.resourceCount());
    }
    Batch<?> lazy = parseBatch(s, bytes.clone());
    assertThat(lazy.itemCount()).isEqualTo(eager.itemCount());
    assertThat(lazy.resourceCount()).isEqualTo(eager.resourceCount());
    assertThat(request(lazy)).isEqualTo(parsed);
    // The merged bytes (a rope over both parts) decode as well, to both requests' content.
    Batch<?> twice = mergeWithItself(s, bytes);
    assertThat(twice.itemCount()).isEqualTo(2 * eager.itemCount());
    assertThat(request(twice)).isEqualTo(parser.parseFrom(concat(bytes, bytes)));
    return true;
  }

  private static int fallbacks;

  private static Batch<?> parseBatch(Signal s, byte[] bytes) throws InvalidProtocolBufferException {
    return switch (s) {
      case TRACES -> TracesBatch.parseFrom(bytes);
      case METRICS -> MetricsBatch.parseFrom(bytes);
      case LOGS -> LogsBatch.parseFrom(bytes);
    };
  }

  private static Batch<?> mergeWithItself(Signal s, byte[] bytes) throws InvalidProtocolBufferException {
    return switch (s) {
      case TRACES -> TracesBatch.parseFrom(bytes.clone()).merge(List.of(TracesBatch.parseFrom(bytes.clone())));
      case METRICS -> MetricsBatch.parseFrom(bytes.clone()).merge(List.of(MetricsBatch.parseFrom(bytes.clone())));
      case LOGS -> LogsBatch.parseFrom(bytes.clone()).merge(List.of(LogsBatch.parseFrom(bytes.clone())));
    };
  }

  private static Message request(Batch<?> b) {
    if (b instanceof TracesBatch t) {
      return t.toRequest();
    }
    if (b instanceof MetricsBatch m) {
      return m.toRequest();
    }
    return ((LogsBatch) b).toRequest();
  }

  private static final WireScanner TRACES_SCANNER =
      WireForm.scanner(ExportTraceServiceRequest.getDescriptor(), Span.getDescriptor().getFullName());
  private static final WireScanner METRICS_SCANNER = WireForm.scanner(ExportMetricsServiceRequest.getDescriptor(),
      NumberDataPoint.getDescriptor().getFullName(), HistogramDataPoint.getDescriptor().getFullName(),
      ExponentialHistogramDataPoint.getDescriptor().getFullName(), SummaryDataPoint.getDescriptor().getFullName());
  private static final WireScanner LOGS_SCANNER =
      WireForm.scanner(ExportLogsServiceRequest.getDescriptor(), LogRecord.getDescriptor().getFullName());

  private byte[] mutate(byte[] valid) {
    byte[] b = valid.clone();
    switch (random.nextInt(6)) {
      case 0 -> { // flip one byte
        if (b.length > 0) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> { // flip one bit
        if (b.length > 0) {
          int i = random.nextInt(b.length);
          b[i] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncate
      case 3 -> { // insert random bytes
        int at = random.nextInt(b.length + 1);
        byte[] ins = new byte[1 + random.nextInt(4)];
        random.nextBytes(ins);
        b = concat(java.util.Arrays.copyOf(b, at), ins, java.util.Arrays.copyOfRange(b, at, b.length));
      }
      case 4 -> { // several flips
        for (int k = 0; k < 3 && b.length > 0; k++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      default -> { // a non-ASCII byte inside the request, often inside a string
        if (b.length > 0) {
          b[random.nextInt(b.length)] = (byte) (0x80 | random.nextInt(0x80));
        }
      }
    }
    return b;
  }

  // ---- generated requests of every shape -------------------------------------------------------

  private ExportTraceServiceRequest traces() {
    ExportTraceServiceRequest.Builder r = ExportTraceServiceRequest.newBuilder();
    for (int ri = 0, rn = 1 + random.nextInt(2); ri < rn; ri++) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(resource()).setSchemaUrl("https://s/" + ri);
      for (int si = 0, sn = random.nextInt(3); si < sn; si++) {
        ScopeSpans.Builder ss = ScopeSpans.newBuilder().setScope(scope());
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          Span.Builder sp = Span.newBuilder().setTraceId(bytes(16)).setSpanId(bytes(8)).setParentSpanId(bytes(8))
              .setName(text()).setKindValue(random.nextInt(6)).setStartTimeUnixNano(random.nextLong())
              .setEndTimeUnixNano(random.nextLong()).setTraceState("k=v").setFlags(random.nextInt())
              .setStatus(Status.newBuilder().setCodeValue(random.nextInt(3)).setMessage(text()))
              .addAllAttributes(attributes(2));
          if (random.nextBoolean()) {
            sp.addEvents(Span.Event.newBuilder().setName(text()).setTimeUnixNano(7).addAllAttributes(attributes(1)));
            sp.addLinks(Span.Link.newBuilder().setTraceId(bytes(16)).setSpanId(bytes(8)).setFlags(1)
                .addAllAttributes(attributes(1)));
          }
          ss.addSpans(sp);
        }
        rs.addScopeSpans(ss);
      }
      r.addResourceSpans(rs);
    }
    return r.build();
  }

  private ExportLogsServiceRequest logs() {
    ExportLogsServiceRequest.Builder r = ExportLogsServiceRequest.newBuilder();
    for (int ri = 0, rn = 1 + random.nextInt(2); ri < rn; ri++) {
      ResourceLogs.Builder rl = ResourceLogs.newBuilder().setResource(resource());
      for (int si = 0, sn = random.nextInt(3); si < sn; si++) {
        ScopeLogs.Builder sl = ScopeLogs.newBuilder().setScope(scope());
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          sl.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(random.nextLong())
              .setSeverityNumber(SeverityNumber.forNumber(random.nextInt(25))).setSeverityText("WARN")
              .setBody(value(2)).addAllAttributes(attributes(2)).setTraceId(bytes(16)).setSpanId(bytes(8))
              .setEventName(text()));
        }
        rl.addScopeLogs(sl);
      }
      r.addResourceLogs(rl);
    }
    return r.build();
  }

  private ExportMetricsServiceRequest metrics() {
    ExportMetricsServiceRequest.Builder r = ExportMetricsServiceRequest.newBuilder();
    for (int ri = 0, rn = 1 + random.nextInt(2); ri < rn; ri++) {
      ResourceMetrics.Builder rm = ResourceMetrics.newBuilder().setResource(resource());
      for (int si = 0, sn = random.nextInt(3); si < sn; si++) {
        ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().setScope(scope());
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          sm.addMetrics(metric());
        }
        rm.addScopeMetrics(sm);
      }
      r.addResourceMetrics(rm);
    }
    return r.build();
  }

  private Metric metric() {
    Metric.Builder m = Metric.newBuilder().setName(text()).setUnit("s").setDescription(text());
    int points = random.nextInt(3);
    switch (random.nextInt(6)) {
      case 0 -> {
        Gauge.Builder g = Gauge.newBuilder();
        for (int i = 0; i < points; i++) {
          g.addDataPoints(point(random.nextDouble()));
        }
        m.setGauge(g);
      }
      case 1 -> {
        Sum.Builder s = Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (int i = 0; i < points; i++) {
          s.addDataPoints(NumberDataPoint.newBuilder().setAsInt(random.nextLong()).addAllAttributes(attributes(1)));
        }
        m.setSum(s);
      }
      case 2 -> {
        Histogram.Builder h = Histogram.newBuilder();
        for (int i = 0; i < points; i++) {
          h.addDataPoints(HistogramDataPoint.newBuilder().setCount(3).setSum(1.5).addBucketCounts(1).addBucketCounts(2)
              .addExplicitBounds(1.0).setMin(0).setMax(2).addExemplars(Exemplar.newBuilder().setAsDouble(1)
                  .setSpanId(bytes(8)).setTraceId(bytes(16)).addFilteredAttributes(kv("e", value(0)))));
        }
        m.setHistogram(h);
      }
      case 3 -> {
        ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder();
        for (int i = 0; i < points; i++) {
          h.addDataPoints(ExponentialHistogramDataPoint.newBuilder().setScale(2).setZeroCount(1).setCount(4)
              .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-3).addBucketCounts(2)
                  .addBucketCounts(1))
              .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().addBucketCounts(300)));
        }
        m.setExponentialHistogram(h);
      }
      case 4 -> {
        Summary.Builder s = Summary.newBuilder();
        for (int i = 0; i < points; i++) {
          s.addDataPoints(SummaryDataPoint.newBuilder().setCount(2).setSum(3).addQuantileValues(
              SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1)));
        }
        m.setSummary(s);
      }
      default -> { } // no data
    }
    return m.build();
  }

  private static NumberDataPoint point(double v) {
    return NumberDataPoint.newBuilder().setAsDouble(v).setTimeUnixNano(1).build();
  }

  private Resource resource() {
    return Resource.newBuilder().addAllAttributes(attributes(2)).setDroppedAttributesCount(random.nextInt(3)).build();
  }

  private InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName(text()).setVersion("1.0").addAllAttributes(attributes(1)).build();
  }

  private List<KeyValue> attributes(int depth) {
    List<KeyValue> out = new ArrayList<>();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      out.add(kv(text(), value(depth)));
    }
    return out;
  }

  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  private AnyValue value(int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> AnyValue.newBuilder().setStringValue(text()).build();
      case 1 -> AnyValue.newBuilder().setIntValue(random.nextLong()).build();
      case 2 -> AnyValue.newBuilder().setDoubleValue(random.nextDouble()).build();
      case 3 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 4 -> AnyValue.newBuilder().setBytesValue(bytes(random.nextInt(4))).build();
      case 5 -> AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value(depth - 1))
          .addValues(value(depth - 1))).build();
      default -> AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("n", value(depth - 1))))
          .build();
    };
  }

  private static final String[] WORDS = {"", "GET /api", "db.query", "héllo wörld", "日本語", "emoji 😀", "a\u0000b"};

  private String text() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  // ---- hand-made encodings ------------------------------------------------------------------------

  private static byte[] traceWithRawSpanName(byte[] name) {
    byte[] span = lenField(5, name);
    return request(1, lenField(2, lenField(2, span)));
  }

  private static byte[] scopeMetrics(byte[] metric) {
    return lenField(2, lenField(2, metric)); // ResourceMetrics.scope_metrics > ScopeMetrics.metrics
  }

  private static byte[] request(int field, byte[] content) {
    return lenField(field, content);
  }

  private static byte[] lenField(int field, byte[] content) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(out);
      o.writeByteArray(field, content);
      o.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static boolean strictUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
