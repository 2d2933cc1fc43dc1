package io.otelcol4j.exporterhelper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporterhelper.RetrySender.ShutdownAbortException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrySenderTest {
  private final FakeTime time = new FakeTime();
  private final ShutdownSignal shutdown = new ShutdownSignal();
  private final MetricsCapture capture = new MetricsCapture();
  private final ExporterMetrics metrics = new ExporterMetrics(TestSupport.settings(capture.provider), io.otelcol4j.component.Signal.TRACES);
  private final TestSupport.Logs logs = new TestSupport.Logs();
  private final TracesBatch batch = Batches.traces(0, 3);

  private static RetryConfig retry(Duration initial, double factor, double multiplier, Duration max, Duration maxElapsed) {
    return new RetryConfig(true, initial, factor, multiplier, max, maxElapsed);
  }

  /** A next sender failing {@code failures} times with {@code failure}, then succeeding. */
  private static Sender<TracesBatch> failing(int failures, Exception failure, AtomicInteger calls) {
    return (b, deadline) -> {
      if (calls.incrementAndGet() <= failures) {
        throw failure;
      }
    };
  }

  private RetrySender<TracesBatch> sender(RetryConfig config, double random, Sender<TracesBatch> next) {
    return new RetrySender<>(config, time, shutdown, () -> random, metrics, logs.logger, next);
  }

  private static List<Duration> seconds(double... s) {
    List<Duration> out = new ArrayList<>();
    for (double d : s) {
      out.add(Duration.ofNanos((long) (d * 1e9)));
    }
    return out;
  }

  @Test
  void backoffGrowsByTheMultiplierUpToMaxInterval() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RetryConfig config = retry(Duration.ofSeconds(1), 0.5, 2, Duration.ofSeconds(4), Duration.ZERO);
    // random 0.5 is the middle of the jitter range: the un-jittered interval.
    sender(config, 0.5, failing(5, new IOException("connection refused"), calls)).send(batch, Sender.NO_DEADLINE);
    assertThat(calls).hasValue(6);
    assertThat(time.sleeps).isEqualTo(seconds(1, 2, 4, 4, 4));
    assertThat(logs.lines).first().isEqualTo(
        "info Exporting failed. Will retry the request after interval. error=connection refused interval=1s");
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isZero();
  }

  @Test
  void jitterStaysWithinTheRandomizationFactor() throws Exception {
    RetryConfig config = retry(Duration.ofSeconds(1), 0.5, 2, Duration.ofSeconds(4), Duration.ZERO);
    sender(config, 0.0, failing(4, new IOException("x"), new AtomicInteger())).send(batch, Sender.NO_DEADLINE);
    assertThat(time.sleeps).isEqualTo(seconds(0.5, 1, 2, 2));
    time.sleeps.clear();
    sender(config, 0.999999999, failing(4, new IOException("x"), new AtomicInteger())).send(batch, Sender.NO_DEADLINE);
    // Upper bound interval * 1.5 (as upstream, the jitter applies around the capped interval).
    double[] intervals = {1, 2, 4, 4};
    for (int i = 0; i < intervals.length; i++) {
      assertThat(time.sleeps.get(i)).isBetween(Duration.ofNanos((long) (intervals[i] * 1.499e9)), Duration.ofNanos((long) (intervals[i] * 1.5e9)));
    }
  }

  @Test
  void retryAfterOverridesAShorterBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Exception> failures = List.of(
        new RetryableConsumeException("throttled", Duration.ofSeconds(10), null),
        new RetryableConsumeException("throttled", Duration.ofMillis(1), null));
    Sender<TracesBatch> next = (b, d) -> {
      int n = calls.getAndIncrement();
      if (n < failures.size()) {
        throw failures.get(n);
      }
    };
    sender(retry(Duration.ofSeconds(1), 0, 1.5, Duration.ofSeconds(30), Duration.ZERO), 0.5, next).send(batch, Sender.NO_DEADLINE);
    assertThat(time.sleeps).isEqualTo(seconds(10, 1.5));
  }

  @Test
  void permanentErrorIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    RetrySender<TracesBatch> s = sender(RetryConfig.defaults(), 0.5, failing(1, new PermanentConsumeException("bad data"), calls));
    assertThatThrownBy(() -> s.send(batch, Sender.NO_DEADLINE))
        .isInstanceOf(PermanentConsumeException.class)
        .hasMessage("not retryable: bad data");
    assertThat(calls).hasValue(1);
    assertThat(time.sleeps).isEmpty();
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isEqualTo(3);
    assertThat(logs.lines).containsExactly(
        "error Exporting failed. The error is not retryable. Dropping data. error=bad data dropped_items=3");
  }

  @Test
  void maxElapsedTimeStopsRetrying() {
    AtomicInteger calls = new AtomicInteger();
    RetrySender<TracesBatch> s = sender(retry(Duration.ofSeconds(1), 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(3)), 0.5,
        failing(Integer.MAX_VALUE, new RetryableConsumeException("unavailable"), calls));
    assertThatThrownBy(() -> s.send(batch, Sender.NO_DEADLINE))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("no more retries left: unavailable");
    // Attempts at 0s, 1s, 2s and 3s; the next would start at 4s, after max_elapsed_time.
    assertThat(calls).hasValue(4);
    assertThat(time.sleeps).isEqualTo(seconds(1, 1, 1));
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isEqualTo(3);
    assertThat(logs.lines).last().isEqualTo(
        "error Exporting failed. No more retries left. Dropping data. error=unavailable dropped_items=3");
  }

  @Test
  void neverSleepsPastTheCallersDeadline() {
    AtomicInteger calls = new AtomicInteger();
    RetrySender<TracesBatch> s = sender(retry(Duration.ofSeconds(1), 0, 1, Duration.ofSeconds(1), Duration.ZERO), 0.5,
        failing(Integer.MAX_VALUE, new IOException("down"), calls));
    long deadline = time.nanoTime() + Duration.ofMillis(2500).toNanos();
    assertThatThrownBy(() -> s.send(batch, deadline)).hasMessage("no more retries left: down");
    assertThat(calls).hasValue(3);
    assertThat(time.sleeps).isEqualTo(seconds(1, 1));
  }

  @Test
  void shutdownDeadlineStopsRetriesWithoutCounting() {
    shutdown.begin(time.nanoTime() + Duration.ofMillis(500).toNanos());
    RetrySender<TracesBatch> s = sender(RetryConfig.defaults(), 0.5, failing(Integer.MAX_VALUE, new IOException("down"), new AtomicInteger()));
    assertThatThrownBy(() -> s.send(batch, Sender.NO_DEADLINE))
        .isInstanceOf(ShutdownAbortException.class)
        .hasMessage("exporter is shutting down; retries stopped: down");
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isZero();
  }

  @Test
  void shutdownWakesARealSleep() throws Exception {
    CountDownLatch attempted = new CountDownLatch(1);
    RetrySender<TracesBatch> s = new RetrySender<>(RetryConfig.defaults(), Time.SYSTEM, shutdown, () -> 0.5, metrics, logs.logger,
        (b, d) -> {
          attempted.countDown();
          throw new IOException("down");
        });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> f = pool.submit(() -> {
        s.send(batch, Sender.NO_DEADLINE);
        return null;
      });
      assertThat(attempted.await(10, TimeUnit.SECONDS)).isTrue();
      shutdown.stopNow();
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ShutdownAbortException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void disabledRetryFailsOnceAndCounts() {
    AtomicInteger calls = new AtomicInteger();
    RetrySender<TracesBatch> s = sender(RetryConfig.disabled(), 0.5, failing(1, new IOException("down"), calls));
    assertThatThrownBy(() -> s.send(batch, Sender.NO_DEADLINE)).isInstanceOf(IOException.class).hasMessage("down");
    assertThat(calls).hasValue(1);
    assertThat(capture.value("otelcol_exporter_send_failed_spans")).isEqualTo(3);
  }
}
