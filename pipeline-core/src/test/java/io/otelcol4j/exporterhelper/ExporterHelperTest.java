package io.otelcol4j.exporterhelper;

import static io.otelcol4j.exporterhelper.RecordingPusher.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.storage.FileStorage;
import io.otelcol4j.storage.StorageClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterHelperTest {
  private static final ComponentId STORAGE_ID = ComponentId.parse("file_storage/queue");

  @TempDir Path dir;

  private final MetricsCapture capture = new MetricsCapture();
  private final TestSupport.Logs logs = new TestSupport.Logs();
  private final StatusRegistry registry = new StatusRegistry();
  private final RecordingPusher pusher = new RecordingPusher();
  private final FakeTime time = new FakeTime();
  private final List<Exporter<TracesBatch>> exporters = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws Exception {
    pusher.open();
    for (Exporter<TracesBatch> e : exporters) {
      e.shutdown(Duration.ofSeconds(5));
    }
    pool.shutdownNow();
  }

  private static QueueConfig queue(int consumers, long size, Sizer sizer, @Nullable QueueBatchConfig batch) {
    return new QueueConfig(true, consumers, size, sizer, false, false, null, batch);
  }

  private Exporter<TracesBatch> exporter(QueueConfig queue, RetryConfig retry) {
    return exporter(new ExporterHelperConfig(TimeoutConfig.defaults(), retry, queue), new Component() {});
  }

  private Exporter<TracesBatch> exporter(ExporterHelperConfig config, Component lifecycle) {
    Exporter<TracesBatch> e = ExporterHelper.create(
        TestSupport.settings(capture.provider, logs.logger, registry.reporter(Kind.EXPORTER, TestSupport.ID)),
        Signal.TRACES, config, pusher, BatchCodec.TRACES, lifecycle, time, () -> 0.5);
    exporters.add(e);
    return e;
  }

  private Exporter<TracesBatch> started(QueueConfig queue, RetryConfig retry) throws Exception {
    Exporter<TracesBatch> e = exporter(queue, retry);
    e.start(new TestSupport.TestHost());
    return e;
  }

  private static List<Long> range(int from, int to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void queueSendsOnConsumerThreads() throws Exception {
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    Exporter<TracesBatch> e = ExporterHelper.create(TestSupport.settings(capture.provider), Signal.TRACES,
        ExporterHelperConfig.defaults(), (b, t) -> threads.add(Thread.currentThread().getName()), BatchCodec.TRACES,
        new Component() {}, time, () -> 0.5);
    exporters.add(e);
    e.start(new TestSupport.TestHost());
    e.consume(Context.EMPTY, Batches.traces(0, 1));
    assertThat(eventually(() -> !threads.isEmpty())).isTrue();
    assertThat(threads.get(0)).matches("exporter-otlp/test-traces-[0-9]");
  }

  @Test
  void fullQueueRefusesAndCounts() throws Exception {
    pusher.close();
    Exporter<TracesBatch> e = started(queue(1, 2, Sizer.REQUESTS, null), RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 1));
    assertThat(pusher.awaitEntered(1)).isTrue();
    e.consume(Context.EMPTY, Batches.traces(1, 1));
    // The batch being sent still takes room: the queue holds two.
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(2, 5)))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("sending queue is full");
    assertThat(capture.value("otelcol_exporter_enqueue_failed_spans")).isEqualTo(5);
    assertThat(capture.value("otelcol_exporter_queue_size")).isEqualTo(2);
    assertThat(capture.value("otelcol_exporter_queue_capacity")).isEqualTo(2);
    assertThat(MetricsCapture.attr(capture.attributes("otelcol_exporter_queue_size"), "data_type")).isEqualTo("traces");
    assertThat(MetricsCapture.attr(capture.attributes("otelcol_exporter_queue_size"), "exporter")).isEqualTo("otlp/test");
    pusher.open();
    assertThat(eventually(() -> pusher.items() == 2)).isTrue();
    assertThat(eventually(() -> capture.value("otelcol_exporter_queue_size") == 0)).isTrue();
    assertThat(capture.value("otelcol_exporter_sent_spans")).isEqualTo(2);
  }

  @Test
  void itemsSizerBoundsTheQueueByItemCount() throws Exception {
    pusher.close();
    Exporter<TracesBatch> e = started(queue(1, 10, Sizer.ITEMS, null), RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 6));
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(6, 5))).hasMessage("sending queue is full");
    e.consume(Context.EMPTY, Batches.traces(6, 4));
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(10, 1))).hasMessage("sending queue is full");
    // A batch bigger than the whole queue is refused at once.
    assertThat(capture.value("otelcol_exporter_enqueue_failed_spans")).isEqualTo(6);
  }

  @Test
  void bytesSizerBoundsTheQueueBySerializedSize() throws Exception {
    pusher.close();
    int size = Batches.traces(0, 3).serializedSize();
    Exporter<TracesBatch> e = started(queue(1, 2L * size, Sizer.BYTES, null), RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 3));
    e.consume(Context.EMPTY, Batches.traces(3, 3));
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(6, 1))).hasMessage("sending queue is full");
    assertThat(capture.value("otelcol_exporter_queue_size")).isEqualTo(2L * size);
  }

  @Test
  void blockOnOverflowWaitsForRoomUntilTheDeadline() throws Exception {
    pusher.close();
    Exporter<TracesBatch> e = started(new QueueConfig(true, 1, 1, Sizer.REQUESTS, true, false, null, null), RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 1));
    Context shortDeadline = new Context(null, Map.of(), Instant.now().plusMillis(50));
    assertThatThrownBy(() -> e.consume(shortDeadline, Batches.traces(1, 1))).hasMessage("sending queue is full");
    Future<?> waiting = pool.submit(() -> e.consume(Context.EMPTY, Batches.traces(2, 1)));
    pusher.open();
    waiting.get(10, TimeUnit.SECONDS);
    assertThat(eventually(() -> pusher.items() == 2)).isTrue();
    assertThat(pusher.seqs()).containsExactly(0L, 2L);
  }

  @Test
  void batchingMergesUntilMinSize() throws Exception {
    pusher.close();
    // The consumer holds the first batch at the gate while the next three queue up.
    Exporter<TracesBatch> e = started(queue(1, 1000, Sizer.ITEMS, new QueueBatchConfig(Duration.ofSeconds(30), 10, 0, Sizer.ITEMS)),
        RetryConfig.disabled());
    for (int i = 0; i < 3; i++) {
      e.consume(Context.EMPTY, Batches.traces(i * 4, 4));
    }
    pusher.open();
    assertThat(eventually(() -> pusher.items() == 12)).isTrue();
    assertThat(pusher.sizes()).containsExactly(12);
    assertThat(pusher.seqs()).isEqualTo(range(0, 12));
  }

  @Test
  void batchingFlushesAPartialBatchAfterFlushTimeout() throws Exception {
    Exporter<TracesBatch> e = started(queue(2, 1000, Sizer.ITEMS, new QueueBatchConfig(Duration.ofMillis(20), 1000, 0, Sizer.ITEMS)),
        RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 3));
    assertThat(eventually(() -> pusher.items() == 3)).isTrue();
    assertThat(pusher.sizes()).containsExactly(3);
  }

  @Test
  void batchingSplitsAtMaxSize() throws Exception {
    Exporter<TracesBatch> e = started(queue(1, 1000, Sizer.ITEMS, new QueueBatchConfig(Duration.ofMillis(100), 10, 10, Sizer.ITEMS)),
        RetryConfig.disabled());
    pusher.close();
    for (int i = 0; i < 3; i++) {
      e.consume(Context.EMPTY, Batches.traces(i * 7, 7));
    }
    pusher.open();
    assertThat(eventually(() -> pusher.items() == 21)).isTrue();
    // 7 + 7 reaches min_size and is split at max_size; the last 7 is flushed by the timeout.
    assertThat(pusher.sizes()).containsExactly(10, 4, 7);
    assertThat(pusher.seqs()).isEqualTo(range(0, 21));
  }

  @Test
  void bytesBatchingSplitsIntoPartsNoBiggerThanMaxSize() {
    TracesBatch big = Batches.traces(0, 100);
    long max = big.serializedSize() / 7;
    List<TracesBatch> parts = QueueSender.split(big, new QueueBatchConfig(Duration.ofMillis(100), 0, max, Sizer.BYTES));
    assertThat(parts).allSatisfy(p -> assertThat((long) p.serializedSize()).isLessThanOrEqualTo(max));
    assertThat(parts.stream().flatMap(p -> Batches.seqs(p).stream()).toList()).isEqualTo(range(0, 100));
  }

  @Test
  void failedSendsAreRetriedFromTheQueue() throws Exception {
    pusher.failWith(new RetryableConsumeException("HTTP 503", Duration.ofSeconds(1), null));
    RetryConfig forever = new RetryConfig(true, Duration.ofSeconds(5), 0.5, 1.5, Duration.ofSeconds(30), Duration.ZERO);
    Exporter<TracesBatch> e = started(queue(1, 10, Sizer.REQUESTS, null), forever);
    e.consume(Context.EMPTY, Batches.traces(0, 2));
    assertThat(pusher.awaitEntered(3)).isTrue();
    String key = "exporter:" + TestSupport.ID;
    assertThat(registry.components().get(key).status()).isEqualTo(StatusRegistry.Status.RECOVERABLE_ERROR);
    assertThat(registry.components().get(key).error()).isEqualTo("HTTP 503");
    pusher.failWith(null);
    assertThat(eventually(() -> pusher.items() == 2)).isTrue();
    assertThat(eventually(() -> registry.components().get(key).status() == StatusRegistry.Status.OK)).isTrue();
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isZero();
  }

  @Test
  void permanentFailureFromTheQueueIsDroppedAndCounted() throws Exception {
    pusher.failWith(new PermanentConsumeException("HTTP 400: bad span"));
    Exporter<TracesBatch> e = started(queue(1, 10, Sizer.REQUESTS, null), RetryConfig.defaults());
    e.consume(Context.EMPTY, Batches.traces(0, 4));
    assertThat(eventually(() -> capture.value("otelcol_exporter_send_failed_spans") == 4)).isTrue();
    assertThat(pusher.entered.availablePermits()).isEqualTo(1);
    // The drop is counted before it is logged: wait for the line rather than race the queue consumer.
    String dropped = "error Exporting failed. The error is not retryable. Dropping data. error=HTTP 400: bad span"
        + " dropped_items=4";
    assertThat(eventually(() -> logs.lines.contains(dropped))).isTrue();
    assertThat(eventually(() -> capture.value("otelcol_exporter_queue_size") == 0)).isTrue();
  }

  @Test
  void waitForResultReportsTheOutcomeToTheCaller() throws Exception {
    Exporter<TracesBatch> e = started(new QueueConfig(true, 2, 10, Sizer.REQUESTS, false, true, null, null), RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 1));
    assertThat(pusher.items()).isEqualTo(1);
    pusher.failWith(new PermanentConsumeException("rejected"));
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(1, 1)))
        .isInstanceOf(PermanentConsumeException.class)
        .hasMessage("rejected");
  }

  @Test
  void disabledQueueSendsOnTheCallersThread() throws Exception {
    Exporter<TracesBatch> e = started(QueueConfig.disabled(), RetryConfig.disabled());
    e.consume(Context.EMPTY, Batches.traces(0, 2));
    assertThat(pusher.items()).isEqualTo(2);
    pusher.failWith(new RetryableConsumeException("HTTP 503"));
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(2, 2)))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("HTTP 503");
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isEqualTo(2);
  }

  @Test
  void disabledQueueRetriesWithinTheContextDeadline() throws Exception {
    pusher.failWith(new RetryableConsumeException("HTTP 503"));
    Exporter<TracesBatch> e = started(QueueConfig.disabled(), RetryConfig.defaults());
    Context ctx = new Context(null, Map.of(), Instant.now().plusSeconds(12));
    assertThatThrownBy(() -> e.consume(ctx, Batches.traces(0, 1)))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("no more retries left: HTTP 503");
    // Waits of 5s and 7.5s would pass the 12s deadline after the first.
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void shutdownDrainsTheInMemoryQueue() throws Exception {
    pusher.close();
    Exporter<TracesBatch> e = started(queue(1, 100, Sizer.REQUESTS, null), RetryConfig.disabled());
    for (int i = 0; i < 5; i++) {
      e.consume(Context.EMPTY, Batches.traces(i * 2, 2));
    }
    Future<?> stopping = pool.submit(() -> {
      e.shutdown(Duration.ofSeconds(10));
      return null;
    });
    assertThat(eventually(() -> {
      try {
        // An empty batch is refused while stopping and otherwise ignored.
        e.consume(Context.EMPTY, TracesBatch.empty());
        return false;
      } catch (RetryableConsumeException ex) {
        return ex.getMessage().equals("exporter is shutting down");
      }
    })).isTrue();
    pusher.open();
    stopping.get(10, TimeUnit.SECONDS);
    assertThat(pusher.seqs()).isEqualTo(range(0, 10));
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isZero();
    e.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void shutdownDeadlineDropsWhatIsLeftAndCountsIt() throws Exception {
    pusher.close();
    Exporter<TracesBatch> e = started(queue(1, 100, Sizer.REQUESTS, null), RetryConfig.defaults());
    for (int i = 0; i < 4; i++) {
      e.consume(Context.EMPTY, Batches.traces(i * 3, 3));
    }
    assertThat(pusher.awaitEntered(1)).isTrue();
    // The pusher never returns by itself: shutdown interrupts it at the deadline.
    e.shutdown(Duration.ofMillis(50));
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isEqualTo(12);
    assertThat(logs.lines).contains(
        "error Dropping data at shutdown: the sending queue could not be drained before the deadline dropped_items=12 deadline=50ms");
    assertThat(pusher.items()).isZero();
  }

  @Test
  void lifecycleIsStartedAndStoppedAroundTheQueue() throws Exception {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Exporter<TracesBatch> e = exporter(ExporterHelperConfig.defaults(), new Component() {
      @Override
      public void start(io.otelcol4j.component.Host host) {
        events.add("start");
      }

      @Override
      public void shutdown(Duration deadline) {
        events.add("shutdown");
      }
    });
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(0, 1))).hasMessage("exporter is not started");
    e.start(new TestSupport.TestHost());
    e.shutdown(Duration.ofSeconds(1));
    e.shutdown(Duration.ofSeconds(1));
    assertThat(events).containsExactly("start", "shutdown");
  }

  @Test
  void shutdownWithoutStartIsSafe() throws Exception {
    Exporter<TracesBatch> e = exporter(ExporterHelperConfig.defaults(), new Component() {});
    e.shutdown(Duration.ofSeconds(1));
    assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(0, 1))).hasMessage("exporter is shutting down");
  }

  // Persistent queue.

  private ExporterHelperConfig persistentConfig(int consumers, long size, Sizer sizer) {
    return new ExporterHelperConfig(TimeoutConfig.defaults(), RetryConfig.defaults(),
        new QueueConfig(true, consumers, size, sizer, false, false, STORAGE_ID, null));
  }

  @Test
  void missingStorageExtensionFailsStart() {
    Exporter<TracesBatch> e = exporter(persistentConfig(1, 10, Sizer.REQUESTS), new Component() {});
    assertThatThrownBy(() -> e.start(new TestSupport.TestHost()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("exporter \"otlp/test\": sending_queue.storage references \"file_storage/queue\", which is not a started storage "
            + "extension (expected: a storage extension such as file_storage listed in service.extensions)");
  }

  @Test
  void persistentQueueSurvivesARestart() throws Exception {
    pusher.close();
    try (FileStorage storage = FileStorage.open(dir, false)) {
      TestSupport.TestHost host = new TestSupport.TestHost().with(STORAGE_ID, new TestSupport.StorageExt(storage));
      Exporter<TracesBatch> first = exporter(persistentConfig(1, 100, Sizer.REQUESTS), new Component() {});
      first.start(host);
      for (int i = 0; i < 5; i++) {
        first.consume(Context.EMPTY, Batches.traces(i * 2, 2));
      }
      assertThat(pusher.awaitEntered(1)).isTrue();
      // Stops before anything is sent; the batch held at the gate is interrupted and stays on disk.
      first.shutdown(Duration.ofMillis(50));
      assertThat(pusher.items()).isZero();
      assertThat(capture.value("otelcol_exporter_send_failed_spans")).isZero();
    }
    RecordingPusher second = new RecordingPusher();
    try (FileStorage storage = FileStorage.open(dir, false)) {
      TestSupport.TestHost host = new TestSupport.TestHost().with(STORAGE_ID, new TestSupport.StorageExt(storage));
      Exporter<TracesBatch> e = ExporterHelper.create(TestSupport.settings(capture.provider), Signal.TRACES,
          persistentConfig(1, 100, Sizer.REQUESTS), second, BatchCodec.TRACES, new Component() {}, time, () -> 0.5);
      exporters.add(e);
      e.start(host);
      assertThat(eventually(() -> second.items() == 10)).isTrue();
      assertThat(second.seqs()).isEqualTo(range(0, 10));
      e.shutdown(Duration.ofSeconds(5));
      try (StorageClient c = storage.client(Kind.EXPORTER, TestSupport.ID, "traces")) {
        assertThat(c.keys()).isEmpty();
      }
    }
  }

  @Test
  void persistentQueueWritesBeforeConsumeReturnsAndDeletesAfterSending() throws Exception {
    pusher.close();
    try (FileStorage storage = FileStorage.open(dir, false)) {
      TestSupport.TestHost host = new TestSupport.TestHost().with(STORAGE_ID, new TestSupport.StorageExt(storage));
      Exporter<TracesBatch> e = exporter(persistentConfig(1, 2, Sizer.REQUESTS), new Component() {});
      e.start(host);
      e.consume(Context.EMPTY, Batches.traces(0, 1));
      e.consume(Context.EMPTY, Batches.traces(1, 1));
      assertThat(storage.directory().resolve("exporter_otlp_test_traces").toFile().list())
          .containsExactlyInAnyOrder("00000000000000000000", "00000000000000000001");
      assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(2, 1))).hasMessage("sending queue is full");
      pusher.open();
      assertThat(eventually(() -> storage.directory().resolve("exporter_otlp_test_traces").toFile().list().length == 0)).isTrue();
      assertThat(pusher.seqs()).containsExactly(0L, 1L);
    }
  }

  @Test
  void corruptEntryIsDeletedCountedAndSkipped() throws Exception {
    try (FileStorage storage = FileStorage.open(dir, false)) {
      try (StorageClient c = storage.client(Kind.EXPORTER, TestSupport.ID, "traces")) {
        c.set(BoundedQueue.key(0), Batches.traces(0, 1).toByteArray());
        c.set(BoundedQueue.key(1), new byte[] {(byte) 0xff, 0x01, 0x02});
        c.set(BoundedQueue.key(2), Batches.traces(2, 1).toByteArray());
      }
      TestSupport.TestHost host = new TestSupport.TestHost().with(STORAGE_ID, new TestSupport.StorageExt(storage));
      Exporter<TracesBatch> e = exporter(persistentConfig(1, 10, Sizer.REQUESTS), new Component() {});
      e.start(host);
      assertThat(eventually(() -> pusher.items() == 2)).isTrue();
      assertThat(pusher.seqs()).containsExactly(0L, 2L);
      assertThat(eventually(() -> capture.value("otelcol_exporter_queue_corrupt_entries") == 1)).isTrue();
      assertThat(logs.lines).anyMatch(l -> l.startsWith(
          "error Dropping a persistent queue entry that cannot be read error=cannot decode queue entry 00000000000000000001 (3 bytes)"));
      e.consume(Context.EMPTY, Batches.traces(3, 1));
      assertThat(eventually(() -> pusher.items() == 3)).isTrue();
    }
  }

  @Test
  void persistentQueueWithItemsSizerCountsReplayedEntries() throws Exception {
    try (FileStorage storage = FileStorage.open(dir, false)) {
      try (StorageClient c = storage.client(Kind.EXPORTER, TestSupport.ID, "traces")) {
        c.set(BoundedQueue.key(7), Batches.traces(0, 6).toByteArray());
      }
      pusher.close();
      TestSupport.TestHost host = new TestSupport.TestHost().with(STORAGE_ID, new TestSupport.StorageExt(storage));
      Exporter<TracesBatch> e = exporter(persistentConfig(1, 10, Sizer.ITEMS), new Component() {});
      e.start(host);
      assertThat(capture.value("otelcol_exporter_queue_size")).isEqualTo(6);
      assertThatThrownBy(() -> e.consume(Context.EMPTY, Batches.traces(6, 5))).hasMessage("sending queue is full");
      e.consume(Context.EMPTY, Batches.traces(6, 4));
      pusher.open();
      assertThat(eventually(() -> pusher.items() == 10)).isTrue();
      assertThat(pusher.seqs()).isEqualTo(range(0, 10));
      // New entries continue after the highest replayed key.
      assertThat(eventually(() -> storage.directory().resolve("exporter_otlp_test_traces").toFile().list().length == 0)).isTrue();
    }
  }
}
