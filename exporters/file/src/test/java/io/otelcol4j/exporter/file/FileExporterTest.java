package io.otelcol4j.exporter.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporter.file.FileExporterConfig.Format;
import io.otelcol4j.exporter.file.FileExporterConfig.Rotation;
import io.otelcol4j.otlp.OtlpJson;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.TestData;
import io.otelcol4j.testing.TestSettings;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileExporterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static ComponentSettings settings(String id) {
    return TestSettings.of(Kind.EXPORTER, id);
  }

  private FileExporterConfig config(String name, Format format, boolean append, Rotation rotation, Duration flush) {
    return new FileExporterConfig(dir.resolve(name).toString(), format, append, rotation, flush);
  }

  // ---- one file for all signals, read back exactly

  @Test
  void writesEverySignalOfOneIdToOneFileAsJsonLines() throws Exception {
    FileExporterFactory factory = new FileExporterFactory();
    FileExporterConfig config = FileExporterConfig.of(dir.resolve("out.json").toString());
    ComponentSettings settings = settings("file/x");
    Exporter<TracesBatch> traces = factory.createTraces(settings, config);
    Exporter<MetricsBatch> metrics = factory.createMetrics(settings, config);
    Exporter<LogsBatch> logs = factory.createLogs(settings, config);
    for (Exporter<?> e : List.of(traces, metrics, logs)) {
      e.start(new NopHost());
    }

    List<ExportTraceServiceRequest> sentTraces = new ArrayList<>();
    List<ExportMetricsServiceRequest> sentMetrics = new ArrayList<>();
    List<ExportLogsServiceRequest> sentLogs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      TracesBatch t = TestData.traces(i * 10, 10);
      MetricsBatch m = TestData.metrics(i * 5, 5);
      LogsBatch l = TestData.logs(i * 3, 3);
      traces.consume(Context.EMPTY, t);
      metrics.consume(Context.EMPTY, m);
      logs.consume(Context.EMPTY, l);
      sentTraces.add(t.toRequest());
      sentMetrics.add(m.toRequest());
      sentLogs.add(l.toRequest());
    }
    traces.shutdown(DEADLINE);
    metrics.shutdown(DEADLINE);
    // Still open for logs: the file belongs to the id, not to one signal.
    logs.consume(Context.EMPTY, TestData.logs(1000, 1));
    sentLogs.add(TestData.logs(1000, 1).toRequest());
    logs.shutdown(DEADLINE);
    logs.shutdown(DEADLINE);

    List<String> lines = Files.readAllLines(dir.resolve("out.json"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(61);
    List<ExportTraceServiceRequest> readTraces = new ArrayList<>();
    List<ExportMetricsServiceRequest> readMetrics = new ArrayList<>();
    List<ExportLogsServiceRequest> readLogs = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("{\"resourceSpans\"")) {
        readTraces.add(OtlpJson.parseTraces(line).toRequest());
      } else if (line.startsWith("{\"resourceMetrics\"")) {
        readMetrics.add(OtlpJson.parseMetrics(line).toRequest());
      } else {
        readLogs.add(OtlpJson.parseLogs(line).toRequest());
      }
    }
    assertThat(readTraces).isEqualTo(sentTraces);
    assertThat(readMetrics).isEqualTo(sentMetrics);
    assertThat(readLogs).isEqualTo(sentLogs);
  }

  @Test
  void writesLengthPrefixedProtobufInProtoFormat() throws Exception {
    FileExporterFactory factory = new FileExporterFactory();
    FileExporterConfig config = config("out.pb", Format.PROTO, false, null, Duration.ofSeconds(1));
    Exporter<TracesBatch> traces = factory.createTraces(settings("file"), config);
    traces.start(new NopHost());
    List<ExportTraceServiceRequest> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TracesBatch t = TestData.traces(i * 100, 100);
      traces.consume(Context.EMPTY, t);
      sent.add(t.toRequest());
    }
    traces.shutdown(DEADLINE);

    List<ExportTraceServiceRequest> read = new ArrayList<>();
    byte[] file = Files.readAllBytes(dir.resolve("out.pb"));
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
      while (true) {
        int length;
        try {
          length = in.readInt(); // big-endian
        } catch (EOFException end) {
          break;
        }
        byte[] message = new byte[length];
        in.readFully(message);
        read.add(ExportTraceServiceRequest.parseFrom(message));
      }
    }
    assertThat(read).isEqualTo(sent);
    assertThat(file.length).isEqualTo(sent.stream().mapToInt(r -> 4 + r.getSerializedSize()).sum());
  }

  // ---- truncate, append, flushing

  @Test
  void truncatesAtStartUnlessAppend() throws Exception {
    Path path = dir.resolve("out.json");
    Files.writeString(path, "old line\n");
    writeLogs(config("out.json", Format.JSON, false, null, Duration.ofSeconds(1)), 1);
    assertThat(Files.readAllLines(path)).hasSize(1).noneMatch(l -> l.equals("old line"));

    writeLogs(config("out.json", Format.JSON, true, null, Duration.ofSeconds(1)), 2);
    List<String> lines = Files.readAllLines(path);
    assertThat(lines).hasSize(3);
    assertThat(OtlpJson.parseLogs(lines.get(2)).itemCount()).isEqualTo(1);
  }

  private void writeLogs(FileExporterConfig config, int batches) throws Exception {
    Exporter<LogsBatch> logs = new FileExporterFactory().createLogs(settings("file"), config);
    logs.start(new NopHost());
    for (int i = 0; i < batches; i++) {
      logs.consume(Context.EMPTY, TestData.logs(i, 1));
    }
    logs.shutdown(DEADLINE);
  }

  @Test
  void buffersUntilShutdownFlushes() throws Exception {
    Path path = dir.resolve("out.json");
    Exporter<TracesBatch> traces = new FileExporterFactory().createTraces(settings("file"),
        config("out.json", Format.JSON, false, null, Duration.ofHours(1)));
    traces.start(new NopHost());
    traces.consume(Context.EMPTY, TestData.traces(0, 5));

    assertThat(Files.size(path)).isZero(); // in the buffer, the next flush is an hour away
    traces.shutdown(DEADLINE);
    assertThat(Files.readAllLines(path)).hasSize(1);
  }

  @Test
  void flushesEveryFlushInterval() throws Exception {
    Path path = dir.resolve("out.json");
    Exporter<TracesBatch> traces = new FileExporterFactory().createTraces(settings("file"),
        config("out.json", Format.JSON, false, null, Duration.ofMillis(20)));
    traces.start(new NopHost());
    try {
      traces.consume(Context.EMPTY, TestData.traces(0, 5));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (Files.size(path) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.readAllLines(path)).hasSize(1);
    } finally {
      traces.shutdown(DEADLINE);
    }
  }

  // ---- rotation

  private static String record(int i) {
    // 99 bytes + newline, so that a 300-byte file takes exactly three records.
    String prefix = "{\"n\":" + i + ",\"pad\":\"";
    return prefix + "x".repeat(99 - prefix.length() - 2) + "\"}";
  }

  private FileWriter rotatingWriter(String name, Rotation rotation, long maxBytes, Clock clock) throws IOException {
    FileWriter w = new FileWriter(config(name, Format.JSON, false, rotation, Duration.ofHours(1)), maxBytes, clock,
        Logger.noop(), () -> {});
    w.acquire();
    w.start();
    return w;
  }

  private List<Path> backups(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix + "-")).sorted().toList();
    }
  }

  @Test
  void rotatesBySizeKeepingEveryRecordWholeAndInOrder() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-22T03:04:05.678Z"));
    FileWriter w = rotatingWriter("rot.json", new Rotation(1, 0, 100, false), 300, clock);
    for (int i = 0; i < 10; i++) {
      w.write(record(i).getBytes(StandardCharsets.UTF_8));
      clock.advance(Duration.ofSeconds(1));
    }
    w.release();

    List<Path> backups = backups("rot");
    assertThat(backups).extracting(p -> p.getFileName().toString()).containsExactly(
        "rot-2026-11-22T03-04-08.678.json",
        "rot-2026-11-22T03-04-11.678.json",
        "rot-2026-11-22T03-04-14.678.json");
    List<String> all = new ArrayList<>();
    for (Path b : backups) {
      assertThat(Files.size(b)).isEqualTo(300);
      all.addAll(Files.readAllLines(b));
    }
    all.addAll(Files.readAllLines(dir.resolve("rot.json")));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(record(i));
    }
    assertThat(all).isEqualTo(expected);
  }

  @Test
  void recordLargerThanTheLimitGetsAFileOfItsOwn() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-22T00:00:00Z"));
    FileWriter w = rotatingWriter("big.json", Rotation.defaults(), 150, clock);
    w.write(record(0).getBytes(StandardCharsets.UTF_8));
    w.write(("{\"big\":\"" + "y".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8));
    clock.advance(Duration.ofSeconds(1));
    w.write(record(1).getBytes(StandardCharsets.UTF_8));
    w.release();

    List<Path> backups = backups("big");
    assertThat(backups).hasSize(2);
    assertThat(Files.readAllLines(backups.get(0))).containsExactly(record(0));
    assertThat(Files.readAllLines(backups.get(1))).singleElement().asString().startsWith("{\"big\"");
    assertThat(Files.readAllLines(dir.resolve("big.json"))).containsExactly(record(1));
  }

  @Test
  void sameMillisecondRotationsDoNotOverwriteBackups() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-22T00:00:00Z"));
    FileWriter w = rotatingWriter("fast.json", Rotation.defaults(), 100, clock);
    for (int i = 0; i < 4; i++) {
      w.write(record(i).getBytes(StandardCharsets.UTF_8));
    }
    w.release();
    assertThat(backups("fast")).hasSize(3);
  }

  @Test
  void prunesBackupsBeyondMaxBackupsAndOlderThanMaxDays() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-22T12:00:00Z"));
    Files.writeString(dir.resolve("prune-2026-11-01T00-00-00.000.json"), "ancient\n");
    Files.writeString(dir.resolve("prune-notatimestamp.json"), "not ours\n");
    Files.writeString(dir.resolve("other-2026-11-01T00-00-00.000.json"), "other file\n");
    FileWriter w = rotatingWriter("prune.json", new Rotation(1, 2, 2, false), 100, clock);
    for (int i = 0; i < 6; i++) {
      w.write(record(i).getBytes(StandardCharsets.UTF_8));
      clock.advance(Duration.ofMinutes(1));
    }
    w.release();

    assertThat(backups("prune")).extracting(p -> p.getFileName().toString()).containsExactly(
        "prune-2026-11-22T12-04-00.000.json",
        "prune-2026-11-22T12-05-00.000.json",
        "prune-notatimestamp.json");
    assertThat(Files.readAllLines(dir.resolve("prune-2026-11-22T12-05-00.000.json"))).containsExactly(record(4));
    assertThat(dir.resolve("other-2026-11-01T00-00-00.000.json")).exists();
  }

  @Test
  void maxDaysAloneDeletesOnlyOldBackups() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-22T12:00:00Z"));
    Files.writeString(dir.resolve("age-2026-11-20T11-59-59.999.json"), "old\n");
    Files.writeString(dir.resolve("age-2026-11-21T12-00-01.000.json"), "recent\n");
    FileWriter w = rotatingWriter("age.json", new Rotation(1, 1, 0, false), 100, clock);
    w.write(record(0).getBytes(StandardCharsets.UTF_8));
    w.write(record(1).getBytes(StandardCharsets.UTF_8));
    w.release();

    assertThat(backups("age")).extracting(p -> p.getFileName().toString()).containsExactly(
        "age-2026-11-21T12-00-01.000.json",
        "age-2026-11-22T12-00-00.000.json");
  }

  @Test
  void rotationContinuesAnExistingFileAsLumberjackDoes() throws Exception {
    Path path = dir.resolve("cont.json");
    Files.writeString(path, record(0) + "\n");
    TestClock clock = new TestClock(Instant.parse("2026-11-22T00:00:00Z"));
    FileWriter w = rotatingWriter("cont.json", Rotation.defaults(), 250, clock);
    w.write(record(1).getBytes(StandardCharsets.UTF_8));
    w.write(record(2).getBytes(StandardCharsets.UTF_8));
    w.release();

    assertThat(Files.readAllLines(backups("cont").get(0))).containsExactly(record(0), record(1));
    assertThat(Files.readAllLines(path)).containsExactly(record(2));
  }

  // ---- failures, counting, lifecycle

  @Test
  void ioErrorIsRetryableLoggedOnceAndRecovers() throws Exception {
    List<String> logged = new ArrayList<>();
    Logger logger = Logger.of((t, level, message, fields, error) -> logged.add(level + " " + message), Logger.Level.INFO);
    Path missingDir = dir.resolve("missing");
    FileExporterConfig config = new FileExporterConfig(missingDir.resolve("out.json").toString(), Format.JSON, false, null,
        Duration.ofHours(1));
    Exporter<LogsBatch> logs = new FileExporterFactory().createLogs(TestSettings.of(Kind.EXPORTER, ComponentId.parse("file"), logger), config);

    assertThatThrownBy(() -> logs.start(new NopHost())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> logs.consume(Context.EMPTY, TestData.logs(0, 1)))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessageStartingWith("writing to " + missingDir.resolve("out.json") + " failed: ");
    assertThatThrownBy(() -> logs.consume(Context.EMPTY, TestData.logs(1, 1))).isInstanceOf(RetryableConsumeException.class);
    assertThat(logged).containsExactly("ERROR Failed to write to the file; data is refused until writing works again");

    Files.createDirectories(missingDir);
    logs.consume(Context.EMPTY, TestData.logs(2, 1));
    logs.shutdown(DEADLINE);
    assertThat(logged).endsWith("INFO Writing to the file works again");
    assertThat(Files.readAllLines(missingDir.resolve("out.json"))).hasSize(1);
  }

  @Test
  void countsSentAndFailedItems() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      ComponentSettings settings = TestSettings.of(Kind.EXPORTER, ComponentId.parse("file/count"), provider);
      Exporter<TracesBatch> traces = new FileExporterFactory().createTraces(settings,
          FileExporterConfig.of(dir.resolve("out.json").toString()));
      traces.start(new NopHost());
      traces.consume(Context.EMPTY, TestData.traces(0, 7));
      traces.shutdown(DEADLINE);
      assertThatThrownBy(() -> traces.consume(Context.EMPTY, TestData.traces(0, 2)))
          .isInstanceOf(RetryableConsumeException.class).hasMessage("file exporter is shut down");

      assertThat(sum(reader, "otelcol_exporter_sent_spans")).isEqualTo(7);
      assertThat(sum(reader, "otelcol_exporter_send_failed_spans")).isEqualTo(2);
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

  @Test
  void refusesAnEmptyPathWithUpstreamsMessage() {
    assertThatThrownBy(() -> new FileExporterFactory().createTraces(settings("file"), new FileExporterFactory().createDefaultConfig()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("path must be non-empty");
  }

  @Test
  void aNewInstanceAfterShutdownGetsAFreshFile() throws Exception {
    FileExporterFactory factory = new FileExporterFactory();
    FileExporterConfig config = FileExporterConfig.of(dir.resolve("out.json").toString());
    Exporter<LogsBatch> first = factory.createLogs(settings("file"), config);
    first.start(new NopHost());
    first.consume(Context.EMPTY, TestData.logs(0, 1));
    first.shutdown(DEADLINE);

    Exporter<LogsBatch> second = factory.createLogs(settings("file"), config);
    second.start(new NopHost());
    second.consume(Context.EMPTY, TestData.logs(1, 1));
    second.consume(Context.EMPTY, TestData.logs(2, 1));
    second.shutdown(DEADLINE);
    assertThat(Files.readAllLines(dir.resolve("out.json"))).hasSize(2);
  }
}
