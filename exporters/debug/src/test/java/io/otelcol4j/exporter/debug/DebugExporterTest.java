package io.otelcol4j.exporter.debug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
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
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporter.debug.DebugExporterConfig.Verbosity;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.TestData;
import io.otelcol4j.testing.TestSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DebugExporterTest {
  /** Set {@code -Dotelcol4j.updateGolden=true} to rewrite the golden files from the current output. */
  private static final boolean UPDATE_GOLDEN = Boolean.getBoolean("otelcol4j.updateGolden");
  private static final Path GOLDEN_DIR = Path.of("src/test/resources/testdata");
  private static final long T0 = 1581452772000000321L; // 2020-02-11 20:26:12.000000321 UTC
  private static final long T1 = 1581452773000000789L;

  private final AtomicLong clock = new AtomicLong();

  // ---- fixtures: every field the text formats print

  private static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static AnyValue i(long v) {
    return AnyValue.newBuilder().setIntValue(v).build();
  }

  private static Resource resource() {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", str("checkout")))
        .addAttributes(kv("host.cpus", i(4)))
        .addEntityRefs(EntityRef.newBuilder().setType("service").setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
            .addIdKeys("service.name").addDescriptionKeys("host.cpus"))
        .build();
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName("io.otelcol4j.test").setVersion("1.0.0")
        .addAttributes(kv("scope.attr", AnyValue.newBuilder().setBoolValue(true).build())).build();
  }

  static TracesBatch traces() {
    Span full = Span.newBuilder()
        .setTraceId(hex("0102030405060708090a0b0c0d0e0f10"))
        .setSpanId(hex("1112131415161718"))
        .setParentSpanId(hex("2122232425262728"))
        .setTraceState("ot=th:0")
        .setName("GET /cart")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(T0)
        .setEndTimeUnixNano(T1)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("status-cancelled"))
        .addAttributes(kv("seq", i(3)))
        .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
        .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("a")).addValues(i(2))).build()))
        .addAttributes(kv("blob", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()))
        .setDroppedAttributesCount(1)
        .addEvents(Span.Event.newBuilder().setName("event-with-attr").setTimeUnixNano(T1).setDroppedAttributesCount(2)
            .addAttributes(kv("span-event-attr", str("span-event-attr-val"))))
        .addEvents(Span.Event.newBuilder().setName("event").setTimeUnixNano(T1))
        .setDroppedEventsCount(1)
        .addLinks(Span.Link.newBuilder().setTraceId(hex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0")).setSpanId(hex("b1b2b3b4b5b6b7b8"))
            .setTraceState("k=v").setDroppedAttributesCount(4).addAttributes(kv("span-link-attr", str("span-link-attr-val"))))
        .setDroppedLinksCount(3)
        .build();
    Span minimal = Span.newBuilder().setName("operationB").setStartTimeUnixNano(T0).setEndTimeUnixNano(T1).build();
    ResourceSpans first = ResourceSpans.newBuilder().setResource(resource()).setSchemaUrl("https://opentelemetry.io/schemas/1.4.0")
        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope()).setSchemaUrl("https://opentelemetry.io/schemas/1.5.0")
            .addSpans(full).addSpans(minimal))
        .build();
    ResourceSpans second = ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("lone").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setTraceId(hex("0102030405060708090a0b0c0d0e0f10")).setSpanId(hex("0000000000000001"))))
        .build();
    return TracesBatch.of(List.of(first, second));
  }

  private static Exemplar exemplar(boolean intValue) {
    Exemplar.Builder e = Exemplar.newBuilder().setTraceId(hex("0102030405060708090a0b0c0d0e0f10"))
        .setSpanId(hex("1112131415161718")).setTimeUnixNano(T1)
        .addFilteredAttributes(kv("exemplar-attachment", str("exemplar-attachment-value")));
    return intValue ? e.setAsInt(15).build() : e.setAsDouble(15).build();
  }

  static MetricsBatch metrics() {
    KeyValue label1 = kv("label-1", str("label-value-1"));
    KeyValue label2 = kv("label-2", str("label-value-2"));
    Metric gaugeInt = Metric.newBuilder().setName("gauge-int").setUnit("1").setGauge(Gauge.newBuilder()
            .addDataPoints(NumberDataPoint.newBuilder().addAttributes(label1).setStartTimeUnixNano(T0).setTimeUnixNano(T1).setAsInt(123))
            .addDataPoints(NumberDataPoint.newBuilder().addAttributes(label2).setStartTimeUnixNano(T0).setTimeUnixNano(T1).setAsInt(-456)))
        .build();
    Metric gaugeDouble = Metric.newBuilder().setName("gauge-double").setDescription("a gauge").setUnit("s").setGauge(Gauge.newBuilder()
            .addDataPoints(NumberDataPoint.newBuilder().addAttributes(label1).addAttributes(label2).setTimeUnixNano(T1).setAsDouble(1.23))
            .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T1).setAsDouble(12345678.5))
            .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T1).setAsDouble(Double.NaN)))
        .build();
    Metric sum = Metric.newBuilder().setName("sum-double").setUnit("1").setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(NumberDataPoint.newBuilder().addAttributes(label1).setStartTimeUnixNano(T0).setTimeUnixNano(T1).setAsDouble(4.56)
                .addExemplars(exemplar(true))))
        .build();
    Metric histogram = Metric.newBuilder().setName("histogram").setUnit("ms").setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder().addAttributes(label1).setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .setCount(1).setSum(15))
            .addDataPoints(HistogramDataPoint.newBuilder().addAttributes(label2).setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .setCount(3).setSum(15.5).setMin(0.5).setMax(10).addExplicitBounds(1).addExplicitBounds(2.5)
                .addBucketCounts(1).addBucketCounts(0).addBucketCounts(2).addExemplars(exemplar(false))))
        .build();
    Metric exponential = Metric.newBuilder().setName("exponential-histogram").setUnit("1")
        .setExponentialHistogram(ExponentialHistogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().addAttributes(label1).setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .setCount(5).setSum(0.15).setScale(1).setZeroCount(1)
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-1).addBucketCounts(1).addBucketCounts(1))
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(1).addBucketCounts(1).addBucketCounts(1)))
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().addAttributes(label2).setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .setCount(3).setSum(1.25).setMin(0).setMax(1).setScale(-1).setZeroCount(1)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-1).addBucketCounts(1).addBucketCounts(1))
                .addExemplars(exemplar(true))))
        .build();
    Metric summary = Metric.newBuilder().setName("summary").setUnit("1").setSummary(Summary.newBuilder()
            .addDataPoints(SummaryDataPoint.newBuilder().addAttributes(label1).setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .setCount(1).setSum(15))
            .addDataPoints(SummaryDataPoint.newBuilder().addAttributes(label2).setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .setCount(2).setSum(30)
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.01).setValue(15))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(15.5))))
        .build();
    Metric empty = Metric.newBuilder().setName("no-data").build();
    return MetricsBatch.of(List.of(ResourceMetrics.newBuilder().setResource(resource())
        .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope())
            .addAllMetrics(List.of(gaugeInt, gaugeDouble, sum, histogram, exponential, summary, empty)))
        .build()));
  }

  static LogsBatch logs() {
    LogRecord full = LogRecord.newBuilder()
        .setTimeUnixNano(T1)
        .setSeverityText("Info")
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
        .setBody(str("This is a log message"))
        .addAttributes(kv("app", str("server")))
        .addAttributes(kv("instance_num", i(1)))
        .setTraceId(hex("08040201000000000000000000000000"))
        .setSpanId(hex("0102040800000000"))
        .setFlags(1)
        .build();
    LogRecord event = LogRecord.newBuilder()
        .setTimeUnixNano(T0)
        .setObservedTimeUnixNano(T1)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN2)
        .setEventName("browser.page_view")
        .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(kv("url", str("https://example.com/?a=1&b=2")))
            .addValues(kv("type", i(0)))))
        .build();
    LogRecord bare = LogRecord.newBuilder().setBody(str("line one\nline two")).build();
    return LogsBatch.of(List.of(ResourceLogs.newBuilder().setResource(resource())
        .addScopeLogs(ScopeLogs.newBuilder().setScope(scope()).addLogRecords(full).addLogRecords(event).addLogRecords(bare))
        .build()));
  }

  // ---- golden output (use_internal_logger: false writes exactly this to stdout)

  static Stream<Arguments> goldenCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Verbosity v : Verbosity.values()) {
      cases.add(Arguments.argumentSet("traces_" + v.configName(), Signal.TRACES, v, "traces_" + v.configName()));
      cases.add(Arguments.argumentSet("metrics_" + v.configName(), Signal.METRICS, v, "metrics_" + v.configName()));
      cases.add(Arguments.argumentSet("logs_" + v.configName(), Signal.LOGS, v, "logs_" + v.configName()));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("goldenCases")
  void writesTheCollectorsTextFormat(Signal signal, Verbosity verbosity, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DebugExporterConfig config = new DebugExporterConfig(verbosity, 2, 1, false);
    consume(create(signal, config, TestSettings.of(Kind.EXPORTER, "debug"), out), sample(signal));

    assertGolden(name, out.toString(StandardCharsets.UTF_8));
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path golden = GOLDEN_DIR.resolve(name + ".out");
    if (UPDATE_GOLDEN) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file %s (regenerate with -Dotelcol4j.updateGolden=true)", golden).exists();
    String expected = Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(actual).isEqualTo(expected);
  }

  // ---- the internal logger

  /** Records captured from a logger: message and fields. */
  private static final class Captured {
    final List<String> records = new ArrayList<>();

    Logger logger(Logger.Level level) {
      return Logger.of((time, l, message, fields, error) -> {
        synchronized (records) {
          records.add(message + " " + String.join(",", fields));
        }
      }, level);
    }
  }

  @Test
  void basicWritesOneSummaryRecordPerBatchThroughTheComponentLogger() {
    Captured captured = new Captured();
    ComponentSettings settings = TestSettings.of(Kind.EXPORTER, ComponentId.parse("debug/x"), captured.logger(Logger.Level.INFO));

    consume(create(Signal.TRACES, DebugExporterConfig.defaults(), settings, null), TestData.traces(0, 2));
    consume(create(Signal.METRICS, DebugExporterConfig.defaults(), settings, null), metrics());
    consume(create(Signal.LOGS, DebugExporterConfig.defaults(), settings, null), TestData.logs(0, 5));

    assertThat(captured.records).containsExactly(
        "Traces resource spans,1,spans,2",
        "Metrics resource metrics,1,metrics,7,data points,12",
        "Logs resource logs,1,log records,5");
  }

  @Test
  void detailedWritesTheRenderedItemsAsASecondRecord() {
    Captured captured = new Captured();
    ComponentSettings settings = TestSettings.of(Kind.EXPORTER, ComponentId.parse("debug"), captured.logger(Logger.Level.INFO));
    DebugExporterConfig config = new DebugExporterConfig(Verbosity.DETAILED, 2, 1, true);

    consume(create(Signal.LOGS, config, settings, null), TestData.logs(7, 1));

    assertThat(captured.records).hasSize(2);
    assertThat(captured.records.get(0)).isEqualTo("Logs resource logs,1,log records,1");
    assertThat(captured.records.get(1)).startsWith("ResourceLog #0\nResource SchemaURL: \nResource attributes:\n     -> service.name: Str(test)\n")
        .contains("LogRecord #0\n").contains("Body: Str(log 7)\nAttributes:\n     -> seq: Int(7)\n").endsWith("Flags: 0\n ");
  }

  @Test
  void writesNothingWhenTheLoggerDropsInfoButStillCounts() {
    Captured captured = new Captured();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      ComponentSettings settings = new ComponentSettings(ComponentId.parse("debug"), Kind.EXPORTER,
          captured.logger(Logger.Level.WARN), provider, io.otelcol4j.component.BuildInfo.current(),
          io.otelcol4j.component.StatusReporter.NOOP);

      consume(create(Signal.TRACES, new DebugExporterConfig(Verbosity.DETAILED, 2, 1, true), settings, null), TestData.traces(0, 4));

      assertThat(captured.records).isEmpty();
      assertThat(sum(reader, "otelcol_exporter_sent_spans")).isEqualTo(4);
    }
  }

  @Test
  void countsSentItemsPerSignal() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      ComponentSettings settings = TestSettings.of(Kind.EXPORTER, ComponentId.parse("debug/count"), provider);
      DebugExporterConfig config = new DebugExporterConfig(Verbosity.NORMAL, 2, 1, false);
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      Exporter<TracesBatch> traces = create(Signal.TRACES, config, settings, out);
      consume(traces, TestData.traces(0, 3));
      consume(traces, TestData.traces(3, 2));
      consume(create(Signal.METRICS, config, settings, out), TestData.metrics(0, 6));
      consume(create(Signal.LOGS, config, settings, out), TestData.logs(0, 7));

      assertThat(sum(reader, "otelcol_exporter_sent_spans")).isEqualTo(5);
      assertThat(sum(reader, "otelcol_exporter_sent_metric_points")).isEqualTo(6);
      assertThat(sum(reader, "otelcol_exporter_sent_log_records")).isEqualTo(7);
      assertThat(reader.collectAllMetrics()).allSatisfy(m -> assertThat(m.getLongSumData().getPoints())
          .allSatisfy(p -> assertThat(p.getAttributes().asMap().values()).containsExactly("debug/count")));
    }
  }

  private static long sum(InMemoryMetricReader reader, String name) {
    long total = 0;
    for (MetricData m : reader.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        total += m.getLongSumData().getPoints().stream().mapToLong(p -> p.getValue()).sum();
      }
    }
    return total;
  }

  // ---- sampling

  @Test
  void samplesRecordsOfOneMessagePerSecondLikeZap() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Exporter<TracesBatch> exporter = create(Signal.TRACES, new DebugExporterConfig(Verbosity.BASIC, 2, 3, false),
        TestSettings.of(Kind.EXPORTER, "debug"), out);

    for (int n = 1; n <= 10; n++) {
      consume(exporter, TestData.traces(0, n));
    }
    // Records 1 and 2, then every third after them: 5 and 8.
    assertThat(lines(out)).containsExactly(
        "Traces\t{\"resource spans\": 1, \"spans\": 1}",
        "Traces\t{\"resource spans\": 1, \"spans\": 2}",
        "Traces\t{\"resource spans\": 1, \"spans\": 5}",
        "Traces\t{\"resource spans\": 1, \"spans\": 8}");

    out.reset();
    clock.addAndGet(1_000_000_000L); // the next second starts a new window
    consume(exporter, TestData.traces(0, 11));
    consume(exporter, TestData.traces(0, 12));
    consume(exporter, TestData.traces(0, 13));
    assertThat(lines(out)).containsExactly(
        "Traces\t{\"resource spans\": 1, \"spans\": 11}",
        "Traces\t{\"resource spans\": 1, \"spans\": 12}");
  }

  @Test
  void thereafterZeroWritesOnlyTheInitialRecordsEachSecond() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Exporter<LogsBatch> exporter = create(Signal.LOGS, new DebugExporterConfig(Verbosity.BASIC, 1, 0, false),
        TestSettings.of(Kind.EXPORTER, "debug"), out);

    consume(exporter, TestData.logs(0, 1));
    consume(exporter, TestData.logs(0, 2));
    clock.addAndGet(999_999_999L);
    consume(exporter, TestData.logs(0, 3));
    clock.addAndGet(1L);
    consume(exporter, TestData.logs(0, 4));

    assertThat(lines(out)).containsExactly(
        "Logs\t{\"resource logs\": 1, \"log records\": 1}",
        "Logs\t{\"resource logs\": 1, \"log records\": 4}");
  }

  @Test
  void defaultSamplingWritesEveryRecord() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Exporter<MetricsBatch> exporter = create(Signal.METRICS, new DebugExporterConfig(Verbosity.BASIC, 2, 1, false),
        TestSettings.of(Kind.EXPORTER, "debug"), out);
    for (int n = 1; n <= 20; n++) {
      consume(exporter, TestData.metrics(0, n));
    }
    assertThat(lines(out)).hasSize(20);
  }

  // ---- helpers

  private static List<String> lines(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Batch<?> sample(Signal signal) {
    switch (signal) {
      case TRACES:
        return traces();
      case METRICS:
        return metrics();
      default:
        return logs();
    }
  }

  @SuppressWarnings("unchecked")
  private <B extends Batch<B>> Exporter<B> create(Signal signal, DebugExporterConfig config, ComponentSettings settings,
      ByteArrayOutputStream out) {
    PrintStream stdout = out == null ? System.out : new PrintStream(out, true, StandardCharsets.UTF_8);
    return new DebugExporter<>(settings, config, signal, stdout, clock::get);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void consume(Exporter<?> exporter, Batch<?> batch) {
    ((Exporter) exporter).consume(Context.EMPTY, (Batch) batch);
  }
}
