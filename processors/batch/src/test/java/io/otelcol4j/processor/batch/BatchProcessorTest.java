package io.otelcol4j.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StatusReporter;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchProcessorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LONG = Duration.ofMinutes(10);

  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
  private final SinkConsumer sink = new SinkConsumer();
  private final List<Processor<?>> started = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Processor<?> p : started) {
      p.shutdown(Duration.ofSeconds(5));
    }
    meterProvider.close();
  }

  private ComponentSettings settings() {
    Logger logger = Logger.of((time, level, message, fields, error) ->
        logs.add(level + " " + message + " " + String.join(",", fields)), Logger.Level.DEBUG);
    return new ComponentSettings(ComponentId.parse("batch/test"), Kind.PROCESSOR, logger, meterProvider,
        BuildInfo.current(), StatusReporter.NOOP);
  }

  private static BatchProcessorConfig config(Duration timeout, int size, int max) {
    return new BatchProcessorConfig(timeout, size, max, List.of(), 1000);
  }

  private BatchProcessor<TracesBatch> traces(BatchProcessorConfig config) {
    BatchProcessor<TracesBatch> p = new BatchProcessor<>(settings(), config, Signal.TRACES, sink.traces());
    p.start(new NopHost());
    started.add(p);
    return p;
  }

  private List<Integer> sentSizes() {
    return sink.batches().stream().map(Batch::itemCount).toList();
  }

  @Test
  void sizeTriggerSendsWhenSendBatchSizeIsReachedAndTheRestOnShutdown() throws Exception {
    BatchProcessor<TracesBatch> p = traces(config(LONG, 100, 0));
    for (int i = 0; i < 10; i++) {
      p.consume(Context.EMPTY, TestData.traces(i * 25, 25));
    }
    assertThat(sink.awaitItems(200, WAIT)).isTrue();
    // 4 x 25 reaches 100 twice; the last 50 wait for the (10 minute) timeout.
    assertThat(sentSizes()).containsExactly(100, 100);

    p.shutdown(Duration.ofSeconds(5));

    assertThat(sentSizes()).containsExactly(100, 100, 50);
    assertThat(seqs(sink.batchesOf(TracesBatch.class))).isEqualTo(range(0, 250));
    assertThat(longSum("otelcol_processor_batch_batch_size_trigger_send")).isEqualTo(2);
    // As in the collector, what shutdown flushes counts as a timeout send.
    assertThat(longSum("otelcol_processor_batch_timeout_trigger_send")).isEqualTo(1);
    assertThat(histogramCount("otelcol_processor_batch_batch_send_size")).isEqualTo(3);
    assertThat(histogramSum("otelcol_processor_batch_batch_send_size")).isEqualTo(250);
  }

  @Test
  void sendBatchMaxSizeSplitsAndKeepsTheTailForTheTimeout() throws Exception {
    BatchProcessor<TracesBatch> p = traces(config(LONG, 300, 300));
    p.consume(Context.EMPTY, TestData.traces(0, 1000));
    assertThat(sink.awaitItems(900, WAIT)).isTrue();
    assertThat(sentSizes()).containsExactly(300, 300, 300);

    p.shutdown(Duration.ofSeconds(5));

    assertThat(sentSizes()).containsExactly(300, 300, 300, 100);
    assertThat(seqs(sink.batchesOf(TracesBatch.class))).isEqualTo(range(0, 1000));
  }

  @Test
  void sizeTriggerBelowMaxSizeSendsFullChunksThenTheRemainder() throws Exception {
    // The collector's loop: send min(max, pending) while pending >= send_batch_size.
    BatchProcessor<TracesBatch> p = traces(config(LONG, 100, 150));
    p.consume(Context.EMPTY, TestData.traces(0, 1000));
    assertThat(sink.awaitItems(1000, WAIT)).isTrue();
    assertThat(sentSizes()).containsExactly(150, 150, 150, 150, 150, 150, 100);
  }

  @Test
  void zeroTimeoutSendsEverythingAtOnceSplitByMaxSize() throws Exception {
    BatchProcessor<TracesBatch> p = traces(config(Duration.ZERO, 8192, 300));
    p.consume(Context.EMPTY, TestData.traces(0, 1000));
    assertThat(sink.awaitItems(1000, WAIT)).isTrue();
    assertThat(sentSizes()).containsExactly(300, 300, 300, 100);
    p.consume(Context.EMPTY, TestData.traces(1000, 7));
    assertThat(sink.awaitItems(1007, WAIT)).isTrue();
    assertThat(sentSizes()).containsExactly(300, 300, 300, 100, 7);
  }

  @Test
  void zeroSendBatchSizeSendsEveryBatchAtOnce() throws Exception {
    BatchProcessor<TracesBatch> p = traces(config(LONG, 0, 0));
    p.consume(Context.EMPTY, TestData.traces(0, 3));
    p.consume(Context.EMPTY, TestData.traces(3, 4));
    assertThat(sink.awaitItems(7, WAIT)).isTrue();
    assertThat(sentSizes()).containsExactly(3, 4);
  }

  @Test
  void timeoutSendsAPartialBatch() throws Exception {
    BatchProcessor<TracesBatch> p = traces(config(Duration.ofMillis(20), 8192, 0));
    p.consume(Context.EMPTY, TestData.traces(0, 3));
    p.consume(Context.EMPTY, TestData.traces(3, 2));

    assertThat(sink.awaitItems(5, WAIT)).isTrue();
    assertThat(sink.itemCount()).isEqualTo(5);
    assertThat(seqs(sink.batchesOf(TracesBatch.class))).isEqualTo(range(0, 5));
    assertThat(awaitTrue(() -> longSum("otelcol_processor_batch_timeout_trigger_send") >= 1)).isTrue();
    assertThat(longSum("otelcol_processor_batch_batch_size_trigger_send")).isZero();
  }

  @Test
  void metadataKeysPartitionDataAndPassTheirValuesDownstream() throws Exception {
    BatchProcessorConfig config = new BatchProcessorConfig(LONG, 10, 0, List.of("Tenant"), 1000);
    BatchProcessor<TracesBatch> p = traces(config);
    Context a = new Context(null, Map.of("tenant", List.of("a"), "other", List.of("x")), null);
    Context b = new Context(null, Map.of("TENANT", List.of("b")), null);
    for (int i = 0; i < 5; i++) {
      p.consume(a, TestData.traces(i * 2, 2));          // tenant a: seq 0..9
      p.consume(b, TestData.traces(100 + i * 2, 2));    // tenant b: seq 100..109
    }
    assertThat(sink.awaitItems(20, WAIT)).isTrue();

    assertThat(sentSizes()).containsExactlyInAnyOrder(10, 10);
    List<TracesBatch> sent = sink.batchesOf(TracesBatch.class);
    List<Context> contexts = sink.contexts();
    for (int i = 0; i < sent.size(); i++) {
      List<String> tenant = contexts.get(i).metadata("tenant");
      assertThat(contexts.get(i).metadata()).containsOnlyKeys("tenant");
      assertThat(contexts.get(i).peer()).isNull();
      if (tenant.equals(List.of("a"))) {
        assertThat(seqs(List.of(sent.get(i)))).isEqualTo(range(0, 10));
      } else {
        assertThat(tenant).containsExactly("b");
        assertThat(seqs(List.of(sent.get(i)))).isEqualTo(range(100, 110));
      }
    }
    assertThat(longGauge("otelcol_processor_batch_metadata_cardinality")).isEqualTo(2);
  }

  @Test
  void newMetadataCombinationBeyondTheLimitIsRefusedAsPermanent() throws Exception {
    BatchProcessorConfig config = new BatchProcessorConfig(LONG, 10, 0, List.of("tenant"), 2);
    BatchProcessor<TracesBatch> p = traces(config);
    Context a = new Context(null, Map.of("tenant", List.of("a")), null);
    Context none = Context.EMPTY; // absent metadata is a combination of its own
    Context c = new Context(null, Map.of("tenant", List.of("c")), null);
    p.consume(a, TestData.traces(0, 1));
    p.consume(none, TestData.traces(1, 1));
    p.consume(a, TestData.traces(2, 1));

    assertThatThrownBy(() -> p.consume(c, TestData.traces(3, 1)))
        .isInstanceOf(PermanentConsumeException.class)
        .hasMessage("too many batcher metadata-value combinations");

    p.shutdown(Duration.ofSeconds(5));
    assertThat(sink.itemCount()).isEqualTo(3);
    assertThat(sink.contexts()).extracting(ctx -> ctx.metadata("tenant"))
        .containsExactlyInAnyOrder(List.of("a"), List.of());
  }

  @Test
  void shutdownFlushesBufferedDataAndThenRefuses() throws Exception {
    BatchProcessor<TracesBatch> p = traces(config(LONG, 8192, 0));
    p.consume(Context.EMPTY, TestData.traces(0, 4));
    p.consume(Context.EMPTY, TestData.traces(4, 3));
    assertThat(sink.itemCount()).isZero();

    p.shutdown(Duration.ofSeconds(5));

    assertThat(sentSizes()).containsExactly(7);
    assertThatThrownBy(() -> p.consume(Context.EMPTY, TestData.traces(7, 1)))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("processor is shutting down");
    p.shutdown(Duration.ofSeconds(5));
    assertThat(sentSizes()).containsExactly(7);
  }

  @Test
  void shutdownWithoutStartSendsWhatWasConsumed() throws Exception {
    BatchProcessor<TracesBatch> p = new BatchProcessor<>(settings(), config(LONG, 8192, 2), Signal.TRACES,
        sink.traces());
    p.consume(Context.EMPTY, TestData.traces(0, 5));
    p.shutdown(Duration.ofSeconds(5));
    assertThat(sentSizes()).containsExactly(2, 2, 1);
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void batchesEverySignal(Signal signal) throws Exception {
    BatchProcessorFactory factory = new BatchProcessorFactory();
    BatchProcessorConfig config = config(LONG, 10, 10);
    Processor<?> p = switch (signal) {
      case TRACES -> factory.createTraces(settings(), config, sink.traces());
      case METRICS -> factory.createMetrics(settings(), config, sink.metrics());
      case LOGS -> factory.createLogs(settings(), config, sink.logs());
    };
    p.start(new NopHost());
    started.add(p);
    for (int i = 0; i < 3; i++) {
      consume(p, TestData.of(signal, i * 4, 4));
    }
    assertThat(sink.awaitItems(10, WAIT)).isTrue();
    assertThat(sentSizes()).containsExactly(10);

    p.shutdown(Duration.ofSeconds(5));

    assertThat(sentSizes()).containsExactly(10, 2);
    Class<?> type = switch (signal) {
      case TRACES -> TracesBatch.class;
      case METRICS -> MetricsBatch.class;
      case LOGS -> LogsBatch.class;
    };
    assertThat(sink.batches()).allMatch(type::isInstance);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void consume(Processor<?> p, Batch<?> batch) {
    ((Processor) p).consume(Context.EMPTY, (Batch) batch);
  }

  @Test
  void failedSendIsLoggedAndCountedAsDropped() throws Exception {
    sink.failWith(new RetryableConsumeException("backend down"));
    BatchProcessor<TracesBatch> p = traces(config(LONG, 10, 0));
    p.consume(Context.EMPTY, TestData.traces(0, 6));
    p.consume(Context.EMPTY, TestData.traces(6, 6));

    assertThat(awaitTrue(() -> longSum("otelcol_processor_batch_dropped_items") == 12)).isTrue();
    assertThat(logs).containsExactly("WARN Sender failed; dropping the batch items,12,error,"
        + "io.otelcol4j.consumer.RetryableConsumeException: backend down");
    assertThat(longSum("otelcol_processor_batch_batch_size_trigger_send")).isZero();

    // The worker keeps going after a failure.
    sink.failWith(null);
    p.consume(Context.EMPTY, TestData.traces(12, 10));
    assertThat(sink.awaitItems(10, WAIT)).isTrue();
  }

  @Test
  void shutdownGivesUpAtTheDeadlineAndCountsWhatIsLeft() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BatchProcessor<TracesBatch> p = new BatchProcessor<>(settings(), config(Duration.ZERO, 8192, 0), Signal.TRACES,
        (ctx, batch) -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new RetryableConsumeException("interrupted");
          }
        });
    p.start(new NopHost());
    try {
      p.consume(Context.EMPTY, TestData.traces(0, 5));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      p.consume(Context.EMPTY, TestData.traces(5, 3));

      assertThatThrownBy(() -> p.shutdown(Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class)
          .hasMessage("batch processor batch/test (traces) did not finish sending within PT0.05S; dropped 3 buffered"
              + " items");
      // The interrupted send fails too: all 8 items are counted.
      assertThat(awaitTrue(() -> longSum("otelcol_processor_batch_dropped_items") == 8)).isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  void callersWaitWhileTheWorkerIsBehindUntilTheirDeadline() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BatchProcessor<TracesBatch> p = new BatchProcessor<>(settings(), config(Duration.ZERO, 8192, 0), Signal.TRACES,
        (ctx, batch) -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          sink.record(ctx, batch);
        });
    p.start(new NopHost());
    started.add(p);
    Context soon = new Context(null, Map.of(), Instant.now().plusMillis(50));
    RetryableConsumeException refused = null;
    int accepted = 0;
    try {
      for (int i = 0; i < 1000 && refused == null; i++) {
        try {
          p.consume(soon, TestData.traces(i, 1));
          accepted++;
        } catch (RetryableConsumeException e) {
          refused = e;
        }
      }
    } finally {
      release.countDown();
    }
    assertThat(refused).isNotNull()
        .hasMessage("batch processor is behind sending; request deadline passed while waiting");
    assertThat(sink.awaitItems(accepted, WAIT)).isTrue();
    assertThat(sink.itemCount()).isEqualTo(accepted);
  }

  private static List<Long> range(int from, int to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  private static List<Long> seqs(List<TracesBatch> batches) {
    List<Long> out = new ArrayList<>();
    for (TracesBatch b : batches) {
      for (ResourceSpans rs : b.resourceSpans()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            for (KeyValue kv : s.getAttributesList()) {
              if (kv.getKey().equals("seq")) {
                out.add(kv.getValue().getIntValue());
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
  }

  private long longSum(String name) {
    MetricData m = metric(name);
    return m == null ? 0 : m.getLongSumData().getPoints().stream().mapToLong(pt -> pt.getValue()).sum();
  }

  private long longGauge(String name) {
    return longSum(name);
  }

  private long histogramCount(String name) {
    MetricData m = metric(name);
    return m == null ? 0 : m.getHistogramData().getPoints().stream().mapToLong(pt -> pt.getCount()).sum();
  }

  private double histogramSum(String name) {
    MetricData m = metric(name);
    return m == null ? 0 : m.getHistogramData().getPoints().stream().mapToDouble(pt -> pt.getSum()).sum();
  }
}
