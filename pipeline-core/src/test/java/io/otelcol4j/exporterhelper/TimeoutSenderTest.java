package io.otelcol4j.exporterhelper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeout and observed senders, which together hand the pusher its time limit. */
class TimeoutSenderTest {
  private final FakeTime time = new FakeTime();
  private final MetricsCapture capture = new MetricsCapture();
  private final StatusRegistry registry = new StatusRegistry();
  private final ExporterMetrics metrics = new ExporterMetrics(
      TestSupport.settings(capture.provider, Logger.noop(), registry.reporter(io.otelcol4j.component.Kind.EXPORTER, TestSupport.ID)),
      Signal.TRACES);
  private final List<Duration> timeouts = new ArrayList<>();
  private final TracesBatch batch = Batches.traces(0, 2);

  private Sender<TracesBatch> chain(Duration timeout, Pusher<TracesBatch> pusher) {
    ObservedSender<TracesBatch> observed = new ObservedSender<>(pusher, metrics,
        registry.reporter(io.otelcol4j.component.Kind.EXPORTER, TestSupport.ID), time);
    return new TimeoutSender<>(new TimeoutConfig(timeout), time, observed);
  }

  @Test
  void pusherGetsTheSmallerOfTimeoutAndDeadline() throws Exception {
    Sender<TracesBatch> s = chain(Duration.ofSeconds(5), (b, t) -> timeouts.add(t));
    s.send(batch, Sender.NO_DEADLINE);
    s.send(batch, time.nanoTime() + Duration.ofSeconds(2).toNanos());
    s.send(batch, time.nanoTime() + Duration.ofSeconds(9).toNanos());
    assertThat(timeouts).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @Test
  void zeroTimeoutMeansNoLimitUnlessTheCallerHasADeadline() throws Exception {
    Sender<TracesBatch> s = chain(Duration.ZERO, (b, t) -> timeouts.add(t));
    s.send(batch, Sender.NO_DEADLINE);
    s.send(batch, time.nanoTime() + Duration.ofSeconds(3).toNanos());
    assertThat(timeouts).containsExactly(Duration.ZERO, Duration.ofSeconds(3));
  }

  @Test
  void expiredDeadlineIsRefusedWithoutCallingThePusher() {
    Sender<TracesBatch> s = chain(Duration.ofSeconds(5), (b, t) -> timeouts.add(t));
    assertThatThrownBy(() -> s.send(batch, time.nanoTime()))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("deadline exceeded before the batch could be sent");
    assertThat(timeouts).isEmpty();
  }

  @Test
  void observedSenderCountsSentItemsAndReportsStatus() throws Exception {
    String key = "exporter:" + TestSupport.ID;
    Sender<TracesBatch> failing = chain(Duration.ofSeconds(5), (b, t) -> {
      throw new RetryableConsumeException("HTTP 503");
    });
    assertThatThrownBy(() -> failing.send(batch, Sender.NO_DEADLINE)).hasMessage("HTTP 503");
    assertThat(registry.components().get(key).status()).isEqualTo(StatusRegistry.Status.RECOVERABLE_ERROR);
    assertThat(registry.components().get(key).error()).isEqualTo("HTTP 503");
    assertThat(capture.value("otelcol_exporter_sent_spans")).isZero();

    chain(Duration.ofSeconds(5), (b, t) -> {}).send(batch, Sender.NO_DEADLINE);
    assertThat(registry.components().get(key).status()).isEqualTo(StatusRegistry.Status.OK);
    assertThat(capture.value("otelcol_exporter_sent_spans")).isEqualTo(2);
    assertThat(MetricsCapture.attr(capture.attributes("otelcol_exporter_sent_spans"), "exporter")).isEqualTo("otlp/test");
  }
}
