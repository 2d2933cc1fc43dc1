package io.otelcol4j.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpJsonTest {
  private static final Path SPEC_EXAMPLES = Path.of("src/test/resources/testdata/shared/otlp-json");
  private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN_ID = "eee19b7ec3c1b174";
  private static final String PARENT_ID = "eee19b7ec3c1b173";

  // ---- fixtures

  static KeyValue attr(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static Resource resource() {
    return Resource.newBuilder().addAttributes(attr("service.name", str("svc"))).setDroppedAttributesCount(1).build();
  }

  static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName("lib").setVersion("1.2.3").addAttributes(attr("scope.attr", str("x"))).build();
  }

  static TracesBatch richTraces() {
    Span span = Span.newBuilder()
        .setTraceId(hex(TRACE_ID))
        .setSpanId(hex(SPAN_ID))
        .setParentSpanId(hex(PARENT_ID))
        .setTraceState("k=v")
        .setFlags(0x301)
        .setName("GET /\"quoted\"\n\u2028")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(1544712660000000000L)
        .setEndTimeUnixNano(-1L) // max fixed64: written unsigned
        .addAttributes(attr("http.status_code", AnyValue.newBuilder().setIntValue(Long.MIN_VALUE).build()))
        .setDroppedAttributesCount(2)
        .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(5).addAttributes(attr("e", str("boom"))).setDroppedAttributesCount(1))
        .setDroppedEventsCount(3)
        .addLinks(Span.Link.newBuilder().setTraceId(hex("0102030405060708090a0b0c0d0e0f10")).setSpanId(hex("a1a2a3a4a5a6a7a8")).setTraceState("t=1").setFlags(1).addAttributes(attr("l", str("y"))))
        .setDroppedLinksCount(4)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("bad"))
        .build();
    Span unknownKind = Span.newBuilder().setTraceId(hex(TRACE_ID)).setSpanId(hex("0000000000000001")).setKindValue(42).build();
    return TracesBatch.of(List.of(ResourceSpans.newBuilder()
        .setResource(resource())
        .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope()).addSpans(span).addSpans(unknownKind).setSchemaUrl("s"))
        .build()));
  }

  static Exemplar exemplar(boolean withIds) {
    Exemplar.Builder e = Exemplar.newBuilder()
        .addFilteredAttributes(attr("f", str("v")))
        .setTimeUnixNano(7)
        .setAsDouble(0.25);
    if (withIds) {
      e.setTraceId(hex(TRACE_ID)).setSpanId(hex(SPAN_ID));
    }
    return e.build();
  }

  static MetricsBatch richMetrics(boolean withIds) {
    Metric gauge = Metric.newBuilder().setName("g").setUnit("1").setDescription("gauge")
        .setGauge(Gauge.newBuilder()
            .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1).setAsDouble(0))
            .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(2).setAsInt(-5).setFlags(1))
            .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(Double.NaN))
            .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(Double.NEGATIVE_INFINITY))
            .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(1.5e-300)))
        .build();
    Metric sum = Metric.newBuilder().setName("s")
        .setSum(Sum.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).setIsMonotonic(true)
            .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(2).setAsInt(Long.MAX_VALUE).addExemplars(exemplar(withIds))))
        .build();
    Metric histogram = Metric.newBuilder().setName("h")
        .setHistogram(Histogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .addDataPoints(HistogramDataPoint.newBuilder().setCount(3).setSum(0).setMin(-1).setMax(123.456)
                .addAllBucketCounts(List.of(1L, 0L, 2L)).addAllExplicitBounds(List.of(0.0, 10.0))
                .addExemplars(exemplar(withIds)).addAttributes(attr("a", str("b")))))
        .build();
    Metric exponential = Metric.newBuilder().setName("e")
        .setExponentialHistogram(ExponentialHistogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(6).setSum(10).setScale(-2).setZeroCount(1).setZeroThreshold(1e-9)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-3).addBucketCounts(2).addBucketCounts(1))
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(2).addBucketCounts(2))
                .addExemplars(exemplar(withIds))))
        .build();
    Metric summary = Metric.newBuilder().setName("sm")
        .setSummary(Summary.newBuilder()
            .addDataPoints(SummaryDataPoint.newBuilder().setCount(10).setSum(99.5)
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(9))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(20))))
        .build();
    Metric metadata = Metric.newBuilder().setName("md").addMetadata(attr("m", str("v"))).setGauge(Gauge.getDefaultInstance()).build();
    return MetricsBatch.of(List.of(ResourceMetrics.newBuilder().setResource(resource())
        .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope())
            .addAllMetrics(List.of(gauge, sum, histogram, exponential, summary, metadata)))
        .build()));
  }

  static LogsBatch richLogs() {
    AnyValue kvlist = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
        .addValues(attr("k", str("v")))
        .addValues(attr("nested", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("a"))).build()))).build();
    List<AnyValue> bodies = List.of(
        str("plain \"text\" \\ with\ttab and ünïcödé 😀"),
        AnyValue.newBuilder().setBoolValue(true).build(),
        AnyValue.newBuilder().setBoolValue(false).build(),
        AnyValue.newBuilder().setIntValue(-42).build(),
        AnyValue.newBuilder().setIntValue(0).build(),
        AnyValue.newBuilder().setDoubleValue(3.25).build(),
        AnyValue.newBuilder().setDoubleValue(0).build(),
        AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff})).build(),
        AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("x")).addValues(AnyValue.newBuilder().setIntValue(1))).build(),
        kvlist,
        AnyValue.getDefaultInstance());
    ScopeLogs.Builder sl = ScopeLogs.newBuilder().setScope(scope());
    for (int i = 0; i < bodies.size(); i++) {
      sl.addLogRecords(LogRecord.newBuilder()
          .setTimeUnixNano(1544712660300000000L + i)
          .setObservedTimeUnixNano(1544712660300000001L)
          .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
          .setSeverityText("WARN")
          .setBody(bodies.get(i))
          .addAttributes(attr("i", AnyValue.newBuilder().setIntValue(i).build()))
          .setTraceId(hex(TRACE_ID))
          .setSpanId(hex(SPAN_ID))
          .setFlags(1)
          .setEventName(i == 0 ? "browser.page_view" : ""));
    }
    return LogsBatch.of(List.of(ResourceLogs.newBuilder().setResource(resource()).addScopeLogs(sl).build()));
  }

  static TracesBatch simpleTraces(int count) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < count; i++) {
      ss.addSpans(Span.newBuilder().setTraceId(hex(TRACE_ID)).setSpanId(hex(SPAN_ID)).setName("s" + i));
    }
    return TracesBatch.of(List.of(ResourceSpans.newBuilder().addScopeSpans(ss).build()));
  }

  // ---- round trips

  @Test
  void roundTripsRichTraces() {
    TracesBatch batch = richTraces();
    String json = OtlpJson.toJson(batch);

    assertThat(json).doesNotContain("\n").startsWith("{\"resourceSpans\":[{\"resource\":{");
    assertThat(json).contains("\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"traceState\":\"k=v\",\"parentSpanId\":\"" + PARENT_ID + "\"");
    assertThat(json).contains("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"a1a2a3a4a5a6a7a8\"");
    assertThat(json).contains("\"kind\":3,").contains("\"kind\":42").contains("\"code\":2");
    assertThat(json).contains("\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":\"18446744073709551615\"");
    assertThat(json).contains("\"intValue\":\"-9223372036854775808\"");
    assertThat(json).contains("\"flags\":769").contains("\"droppedLinksCount\":4");
    assertThat(json).contains("\"name\":\"GET /\\\"quoted\\\"\\n\\u2028\"");
    assertThat(OtlpJson.parseTraces(json).toRequest()).isEqualTo(batch.toRequest());
    assertThat(OtlpJson.parseTraces(json.getBytes(StandardCharsets.UTF_8)).toRequest()).isEqualTo(batch.toRequest());
  }

  @Test
  void roundTripsRichMetrics() {
    MetricsBatch batch = richMetrics(true);
    String json = OtlpJson.toJson(batch);

    assertThat(json).contains("\"exemplars\":[{\"filteredAttributes\":[{\"key\":\"f\",\"value\":{\"stringValue\":\"v\"}}],\"timeUnixNano\":\"7\",\"asDouble\":0.25,\"spanId\":\"" + SPAN_ID + "\",\"traceId\":\"" + TRACE_ID + "\"}]");
    assertThat(json).contains("{\"timeUnixNano\":\"1\",\"asDouble\":0}"); // oneof member set to its default is kept
    assertThat(json).contains("\"asInt\":\"-5\"").contains("\"asDouble\":\"NaN\"").contains("\"asDouble\":\"-Infinity\"").contains("\"asDouble\":1.5E-300");
    assertThat(json).contains("\"count\":\"3\",\"sum\":0,\"bucketCounts\":[\"1\",\"0\",\"2\"],\"explicitBounds\":[0,10]");
    assertThat(json).contains("\"min\":-1,\"max\":123.456");
    assertThat(json).contains("\"aggregationTemporality\":2,\"isMonotonic\":true");
    assertThat(json).contains("\"scale\":-2,\"zeroCount\":\"1\",\"positive\":{\"offset\":-3,\"bucketCounts\":[\"2\",\"1\"]}");
    assertThat(json).contains("\"quantileValues\":[{\"quantile\":0.5,\"value\":9},{\"quantile\":0.99,\"value\":20}]");
    assertThat(json).contains("\"metadata\":[{\"key\":\"m\"");
    assertThat(OtlpJson.parseMetrics(json).toRequest()).isEqualTo(batch.toRequest());
  }

  @Test
  void roundTripsLogBodiesOfEveryKind() {
    LogsBatch batch = richLogs();
    String json = OtlpJson.toJson(batch);

    assertThat(json).contains("\"body\":{\"bytesValue\":\"AAH+/w==\"}");
    assertThat(json).contains("\"body\":{\"boolValue\":false}").contains("\"body\":{\"intValue\":\"0\"}").contains("\"body\":{\"doubleValue\":0}");
    assertThat(json).contains("\"body\":{}");
    assertThat(json).contains("\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\"");
    assertThat(json).contains("\"severityNumber\":13,\"severityText\":\"WARN\"");
    assertThat(json).contains("\"eventName\":\"browser.page_view\"");
    assertThat(json).contains("😀");
    assertThat(OtlpJson.parseLogs(json).toRequest()).isEqualTo(batch.toRequest());
  }

  @Test
  void roundTripsEmptyBatches() {
    assertThat(OtlpJson.toJson(TracesBatch.empty())).isEqualTo("{}");
    assertThat(OtlpJson.parseTraces("{}").isEmpty()).isTrue();
    assertThat(OtlpJson.parseMetrics(" {\"resourceMetrics\": []} ").isEmpty()).isTrue();
    assertThat(OtlpJson.parseLogs("{\"resourceLogs\":null}").isEmpty()).isTrue();
  }

  @Test
  void roundTripsManyItems() {
    TracesBatch batch = simpleTraces(1000);
    TracesBatch back = OtlpJson.parseTraces(OtlpJson.toJson(batch));
    assertThat(back.itemCount()).isEqualTo(1000);
    assertThat(back.toRequest()).isEqualTo(batch.toRequest());
  }

  // ---- agreement with protobuf's own JSON mapping (on messages without ids, where OTLP differs)

  @Test
  void agreesWithProtobufJsonFormat() throws IOException {
    ExportMetricsServiceRequest request = richMetrics(false).toRequest();
    String theirs = JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace().print(request);
    String ours = OtlpJson.toJson(request);

    assertThat(OtlpJson.parseMetrics(theirs).toRequest()).isEqualTo(request);
    ExportMetricsServiceRequest.Builder parsed = ExportMetricsServiceRequest.newBuilder();
    JsonFormat.parser().merge(ours, parsed);
    assertThat(parsed.build()).isEqualTo(request);
    assertThat(tree(ours)).isEqualTo(tree(theirs));
  }

  @Test
  void acceptsEnumNamesFromProtobufJsonFormat() throws IOException {
    LogsBatch logs = richLogs();
    String withEnumNames = JsonFormat.printer().print(logs.toRequest().toBuilder()
        .setResourceLogs(0, logs.toRequest().getResourceLogs(0).toBuilder()
            .setScopeLogs(0, logs.toRequest().getResourceLogs(0).getScopeLogs(0).toBuilder().clearLogRecords()
                .addLogRecords(LogRecord.newBuilder().setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_FATAL4).setBody(str("x")))))
        .build());
    assertThat(withEnumNames).contains("\"SEVERITY_NUMBER_FATAL4\"");
    assertThat(OtlpJson.parseLogs(withEnumNames).resourceLogs().get(0).getScopeLogs(0).getLogRecords(0).getSeverityNumber())
        .isEqualTo(SeverityNumber.SEVERITY_NUMBER_FATAL4);
  }

  /** A JSON text as a protobuf {@code Struct}: equality ignores field order and number spelling. */
  private static Struct tree(String json) throws IOException {
    Struct.Builder b = Struct.newBuilder();
    JsonFormat.parser().merge(json, b);
    return b.build();
  }

  // ---- the specification's examples

  static boolean specExamplesPresent() {
    return Files.isDirectory(SPEC_EXAMPLES);
  }

  private static String example(String name) throws IOException {
    return Files.readString(SPEC_EXAMPLES.resolve(name));
  }

  @Test
  @EnabledIf("specExamplesPresent")
  void parsesSpecTraceExample() throws IOException {
    String json = example("trace.json");
    TracesBatch batch = OtlpJson.parseTraces(json);

    Span span = batch.resourceSpans().get(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getTraceId()).isEqualTo(hex(TRACE_ID));
    assertThat(span.getSpanId()).isEqualTo(hex(SPAN_ID));
    assertThat(span.getParentSpanId()).isEqualTo(hex(PARENT_ID));
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
    assertThat(batch.resourceSpans().get(0).getScopeSpans(0).getScope().getVersion()).isEqualTo("1.0.0");
    assertReencodesConsistently(json, OtlpJson.toJson(batch));
    assertThat(OtlpJson.parseTraces(OtlpJson.toJson(batch)).toRequest()).isEqualTo(batch.toRequest());
  }

  @Test
  @EnabledIf("specExamplesPresent")
  void parsesSpecMetricsExample() throws IOException {
    String json = example("metrics.json");
    MetricsBatch batch = OtlpJson.parseMetrics(json);

    List<Metric> metrics = batch.resourceMetrics().get(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics).extracting(Metric::getName).containsExactly("my.counter", "my.gauge", "my.histogram", "my.exponential.histogram");
    assertThat(metrics.get(0).getSum().getDataPoints(0).getAsDouble()).isEqualTo(5.0);
    assertThat(metrics.get(2).getHistogram().getDataPoints(0).getBucketCountsList()).containsExactly(1L, 1L);
    assertThat(metrics.get(2).getHistogram().getDataPoints(0).hasMin()).isTrue();
    assertThat(metrics.get(3).getExponentialHistogram().getDataPoints(0).getPositive().getBucketCountsList()).containsExactly(0L, 2L);
    assertThat(batch.itemCount()).isEqualTo(4);
    assertReencodesConsistently(json, OtlpJson.toJson(batch));
    assertThat(OtlpJson.parseMetrics(OtlpJson.toJson(batch)).toRequest()).isEqualTo(batch.toRequest());
  }

  @Test
  @EnabledIf("specExamplesPresent")
  void parsesSpecLogsAndEventsExamples() throws IOException {
    for (String name : List.of("logs.json", "events.json")) {
      String json = example(name);
      LogsBatch batch = OtlpJson.parseLogs(json);
      assertThat(batch.itemCount()).isEqualTo(1);
      assertReencodesConsistently(json, OtlpJson.toJson(batch));
      assertThat(OtlpJson.parseLogs(OtlpJson.toJson(batch)).toRequest()).isEqualTo(batch.toRequest());
    }
    LogRecord log = OtlpJson.parseLogs(example("logs.json")).resourceLogs().get(0).getScopeLogs(0).getLogRecords(0);
    assertThat(log.getTraceId()).isEqualTo(hex(TRACE_ID));
    assertThat(log.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO2);
    assertThat(log.getAttributes(2).getValue().getIntValue()).isEqualTo(10);
    assertThat(log.getAttributes(5).getValue().getKvlistValue().getValues(0).getKey()).isEqualTo("some.map.key");
    LogRecord event = OtlpJson.parseLogs(example("events.json")).resourceLogs().get(0).getScopeLogs(0).getLogRecords(0);
    assertThat(event.getEventName()).isEqualTo("browser.page_view");
  }

  /**
   * Our encoding of a parsed example is the example itself, up to field order, number spelling, id
   * case and fields without presence written at their default (protobuf's JSON mapping omits them).
   */
  private static void assertReencodesConsistently(String original, String ours) throws IOException {
    String lowercasedIds = original.replaceAll("\"(scale|zeroThreshold)\": 0,\\s*", "").replace(TRACE_ID.toUpperCase(), TRACE_ID)
        .replace(SPAN_ID.toUpperCase(), SPAN_ID)
        .replace(PARENT_ID.toUpperCase(), PARENT_ID);
    assertThat(tree(ours)).isEqualTo(tree(lowercasedIds));
  }

  // ---- lenient input the specification asks receivers to accept

  @Test
  void acceptsSnakeCaseNamesEnumNamesNumbersAndUnknownFields() {
    String json = "{\"resource_spans\":[{\"unknown\":{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"},"
        + "\"scope_spans\":[{\"spans\":[{\"trace_id\":\"" + TRACE_ID.toUpperCase() + "\",\"span_id\":\"" + SPAN_ID + "\","
        + "\"parent_span_id\":\"\",\"kind\":\"SPAN_KIND_PRODUCER\",\"start_time_unix_nano\":1544712660000000000,"
        + "\"endTimeUnixNano\":1.5e3,\"dropped_attributes_count\":\"7\",\"status\":{\"code\":\"STATUS_CODE_OK\"},"
        + "\"name\":\"\\u00e9\\/\\b\",\"flags\":null,\"newField\":true}]}]}],\"extra\":[]}";

    Span span = OtlpJson.parseTraces(json).resourceSpans().get(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getTraceId()).isEqualTo(hex(TRACE_ID));
    assertThat(span.getParentSpanId()).isEqualTo(ByteString.EMPTY);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
    assertThat(span.getEndTimeUnixNano()).isEqualTo(1500L);
    assertThat(span.getDroppedAttributesCount()).isEqualTo(7);
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    assertThat(span.getName()).isEqualTo("é/\b");
  }

  @Test
  void acceptsNumbersAsStringsAndUrlSafeBase64() {
    String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":\"9\",\"body\":{\"bytesValue\":\"AAH-_w\"},"
        + "\"attributes\":[{\"key\":\"d\",\"value\":{\"doubleValue\":\"2.5\"}},{\"key\":\"n\",\"value\":{\"doubleValue\":\"Infinity\"}},"
        + "{\"key\":\"b\",\"value\":{\"boolValue\":\"true\"}},{\"key\":\"u\",\"value\":{\"intValue\":\"18\"}}]}]}]}]}";

    LogRecord log = OtlpJson.parseLogs(json).resourceLogs().get(0).getScopeLogs(0).getLogRecords(0);

    assertThat(log.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
    assertThat(log.getBody().getBytesValue()).isEqualTo(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}));
    assertThat(log.getAttributes(0).getValue().getDoubleValue()).isEqualTo(2.5);
    assertThat(log.getAttributes(1).getValue().getDoubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(log.getAttributes(2).getValue().getBoolValue()).isTrue();
    assertThat(log.getAttributes(3).getValue().getIntValue()).isEqualTo(18);
  }

  // ---- malformed input

  static Stream<Arguments> malformed() {
    String spans = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{},{},{},%s]}]}]}";
    String log = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[%s]}]}]}";
    String point = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"histogram\":{\"dataPoints\":[%s]}}]}]}]}";
    return Stream.of(
        Arguments.argumentSet("trace id not hex", "traces", String.format(spans, "{\"traceId\":\"xyz\"}"),
            "invalid trace id \"xyz\" at resourceSpans[0].scopeSpans[0].spans[3].traceId: expected 32 hex characters"),
        Arguments.argumentSet("trace id with non-hex characters", "traces", String.format(spans, "{\"traceId\":\"5b8efff798038103d269b633813fc60g\"}"),
            "invalid trace id \"5b8efff798038103d269b633813fc60g\" at resourceSpans[0].scopeSpans[0].spans[3].traceId: expected 32 hex characters"),
        Arguments.argumentSet("span id base64", "traces", String.format(spans, "{\"spanId\":\"7uGbfsPBsXQ=\"}"),
            "invalid span id \"7uGbfsPBsXQ=\" at resourceSpans[0].scopeSpans[0].spans[3].spanId: expected 16 hex characters"),
        Arguments.argumentSet("parent span id too long", "traces", String.format(spans, "{\"parent_span_id\":\"" + TRACE_ID + "\"}"),
            "invalid span id \"" + TRACE_ID + "\" at resourceSpans[0].scopeSpans[0].spans[3].parent_span_id: expected 16 hex characters"),
        Arguments.argumentSet("link trace id", "traces", String.format(spans, "{\"links\":[{},{\"traceId\":\"00\"}]}"),
            "invalid trace id \"00\" at resourceSpans[0].scopeSpans[0].spans[3].links[1].traceId: expected 32 hex characters"),
        Arguments.argumentSet("fixed64 not a number", "traces", String.format(spans, "{\"startTimeUnixNano\":\"abc\"}"),
            "invalid fixed64 value \"abc\" at resourceSpans[0].scopeSpans[0].spans[3].startTimeUnixNano: expected an integer"),
        Arguments.argumentSet("fixed64 negative", "traces", String.format(spans, "{\"endTimeUnixNano\":-1}"),
            "invalid fixed64 value \"-1\" at resourceSpans[0].scopeSpans[0].spans[3].endTimeUnixNano: expected an integer in [0, 18446744073709551615]"),
        Arguments.argumentSet("fixed64 fraction", "traces", String.format(spans, "{\"endTimeUnixNano\":1.5}"),
            "invalid fixed64 value \"1.5\" at resourceSpans[0].scopeSpans[0].spans[3].endTimeUnixNano: expected an integer"),
        Arguments.argumentSet("uint32 too large", "traces", String.format(spans, "{\"droppedEventsCount\":4294967296}"),
            "invalid uint32 value \"4294967296\" at resourceSpans[0].scopeSpans[0].spans[3].droppedEventsCount: expected an integer in [0, 4294967295]"),
        Arguments.argumentSet("unknown enum name", "traces", String.format(spans, "{\"kind\":\"SERVER\"}"),
            "invalid enum value \"SERVER\" at resourceSpans[0].scopeSpans[0].spans[3].kind: expected an integer or one of SPAN_KIND_UNSPECIFIED, SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER, SPAN_KIND_CONSUMER"),
        Arguments.argumentSet("enum fraction", "traces", String.format(spans, "{\"kind\":2.5}"),
            "invalid enum value \"2.5\" at resourceSpans[0].scopeSpans[0].spans[3].kind: expected a 32-bit integer"),
        Arguments.argumentSet("array expected", "traces", "{\"resourceSpans\":[{\"scopeSpans\":{}}]}",
            "invalid JSON at resourceSpans[0].scopeSpans (offset 32): expected an array but found '{'"),
        Arguments.argumentSet("object expected", "traces", "{\"resourceSpans\":[1]}",
            "invalid JSON at resourceSpans[0] (offset 18): expected an object but found '1'"),
        Arguments.argumentSet("string expected", "traces", String.format(spans, "{\"name\":5}"),
            "invalid JSON at resourceSpans[0].scopeSpans[0].spans[3].name (offset 60): expected a string but found '5'"),
        Arguments.argumentSet("log span id", "logs", String.format(log, "{\"spanId\":\"EEE19B7EC3C1B17\"}"),
            "invalid span id \"EEE19B7EC3C1B17\" at resourceLogs[0].scopeLogs[0].logRecords[0].spanId: expected 16 hex characters"),
        Arguments.argumentSet("bytes not base64", "logs", String.format(log, "{\"body\":{\"bytesValue\":\"**\"}}"),
            "invalid bytes value \"**\" at resourceLogs[0].scopeLogs[0].logRecords[0].body.bytesValue: expected base64"),
        Arguments.argumentSet("bool", "logs", String.format(log, "{\"body\":{\"boolValue\":\"yes\"}}"),
            "invalid bool value \"yes\" at resourceLogs[0].scopeLogs[0].logRecords[0].body.boolValue: expected true or false"),
        Arguments.argumentSet("double", "logs", String.format(log, "{\"body\":{\"doubleValue\":\"1,5\"}}"),
            "invalid double value \"1,5\" at resourceLogs[0].scopeLogs[0].logRecords[0].body.doubleValue: expected a number, \"NaN\", \"Infinity\" or \"-Infinity\""),
        Arguments.argumentSet("double out of range", "logs", String.format(log, "{\"body\":{\"doubleValue\":1e999}}"),
            "invalid double value \"1e999\" at resourceLogs[0].scopeLogs[0].logRecords[0].body.doubleValue: expected a number in the range of a double"),
        Arguments.argumentSet("exemplar trace id", "metrics", String.format(point, "{\"exemplars\":[{\"traceId\":\"zz\"}]}"),
            "invalid trace id \"zz\" at resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].exemplars[0].traceId: expected 32 hex characters"),
        Arguments.argumentSet("bucket count", "metrics", String.format(point, "{\"bucketCounts\":[\"1\",\"x\"]}"),
            "invalid fixed64 value \"x\" at resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts[1]: expected an integer"),
        Arguments.argumentSet("truncated", "traces", "{\"resourceSpans\":[{",
            "invalid JSON at resourceSpans[0] (offset 19): expected a field name but found end of input"),
        Arguments.argumentSet("missing comma", "traces", "{\"resourceSpans\":[] \"x\":1}",
            "invalid JSON at $ (offset 20): expected ',' or '}' but found '\"'"),
        Arguments.argumentSet("trailing data", "traces", "{} {}",
            "invalid JSON at $ (offset 3): expected end of input but found '{'"),
        Arguments.argumentSet("not an object", "traces", "[]",
            "invalid JSON at $ (offset 0): expected '{' but found '['"),
        Arguments.argumentSet("empty input", "traces", "",
            "invalid JSON at $ (offset 0): expected '{' but found end of input"),
        Arguments.argumentSet("bad literal in unknown field", "traces", "{\"x\":[tru]}",
            "invalid JSON at x (offset 6): expected a value but found 't'"),
        Arguments.argumentSet("unterminated string", "traces", "{\"x\":\"abc",
            "invalid JSON at x (offset 9): expected '\"' but found end of input"),
        Arguments.argumentSet("raw control character", "traces", "{\"x\":\"a\nb\"}",
            "invalid JSON at x (offset 7): expected an escaped control character but found '\\n'"),
        Arguments.argumentSet("too deep", "logs", String.format(log, "{\"body\":" + "{\"arrayValue\":{\"values\":[".repeat(60) + "{}" + "]}}".repeat(60) + "}"),
            "invalid JSON at resourceLogs[0].scopeLogs[0].logRecords[0].body" + ".arrayValue.values[0]".repeat(48) + ": nested deeper than 100 levels"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedInputNamingWhereAndWhat(String signal, String json, String message) {
    assertThatThrownBy(() -> {
          switch (signal) {
            case "traces":
              OtlpJson.parseTraces(json);
              break;
            case "metrics":
              OtlpJson.parseMetrics(json);
              break;
            default:
              OtlpJson.parseLogs(json);
          }
        })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
