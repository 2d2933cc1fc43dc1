package io.otelcol4j.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import io.otelcol4j.telemetry.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatReceiverTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.5Z");

  private final SinkConsumer sink = new SinkConsumer();

  private HeartbeatReceiver receiver(Duration interval, String message) {
    return new HeartbeatReceiver(
        TestSettings.of(Kind.RECEIVER, ComponentId.parse("heartbeat"), Logger.noop()),
        new HeartbeatReceiverConfig(interval, message), sink.logs(), "test-host", Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void batchHasMessageSequenceAndHostName() {
    LogsBatch batch = receiver(Duration.ofSeconds(10), "alive").batch(7, NOW);

    assertThat(batch.itemCount()).isEqualTo(1);
    ResourceLogs rl = batch.resourceLogs().get(0);
    assertThat(rl.getResource().getAttributesList())
        .containsExactly(KeyValue.newBuilder().setKey("host.name")
            .setValue(AnyValue.newBuilder().setStringValue("test-host")).build());
    LogRecord r = rl.getScopeLogs(0).getLogRecords(0);
    assertThat(r.getBody().getStringValue()).isEqualTo("alive");
    assertThat(r.getAttributesList()).containsExactly(KeyValue.newBuilder().setKey("heartbeat.seq")
        .setValue(AnyValue.newBuilder().setIntValue(7)).build());
    assertThat(r.getTimeUnixNano()).isEqualTo(1_795_341_600_500_000_000L);
    assertThat(rl.getScopeLogs(0).getScope().getName()).isEqualTo("io.otelcol4j.example.heartbeat");
  }

  @Test
  void emitsOneRecordPerIntervalWithIncreasingSequence() throws Exception {
    HeartbeatReceiver r = receiver(Duration.ofMillis(10), "heartbeat");
    r.start(new NopHost());
    try {
      assertThat(sink.awaitItems(3, Duration.ofSeconds(10))).isTrue();
    } finally {
      r.shutdown(Duration.ofSeconds(5));
    }
    List<Long> seqs = new ArrayList<>();
    for (LogsBatch b : sink.batchesOf(LogsBatch.class)) {
      assertThat(b.itemCount()).isEqualTo(1);
      seqs.add(b.resourceLogs().get(0).getScopeLogs(0).getLogRecords(0).getAttributes(0).getValue().getIntValue());
    }
    assertThat(seqs.subList(0, 3)).containsExactly(0L, 1L, 2L);
  }

  @Test
  void noRecordsAfterShutdown() throws Exception {
    HeartbeatReceiver r = receiver(Duration.ofMillis(10), "heartbeat");
    r.start(new NopHost());
    assertThat(sink.awaitItems(1, Duration.ofSeconds(10))).isTrue();
    r.shutdown(Duration.ofSeconds(5));
    int after = sink.itemCount();
    // A bounded check that nothing more arrives: one more beat would take 10ms.
    assertThat(sink.awaitItems(after + 1, Duration.ofMillis(200))).isFalse();
  }

  @Test
  void rejectedHeartbeatDoesNotStopTheSchedule() throws Exception {
    sink.failWith(new RetryableConsumeException("pipeline full"));
    HeartbeatReceiver r = receiver(Duration.ofMillis(10), "heartbeat");
    r.beat();
    r.beat();
    sink.failWith(null);
    r.beat();

    List<LogsBatch> got = sink.batchesOf(LogsBatch.class);
    assertThat(got).hasSize(1);
    // The sequence counts accepted heartbeats, so the first accepted one is 0.
    assertThat(got.get(0).resourceLogs().get(0).getScopeLogs(0).getLogRecords(0).getAttributes(0).getValue().getIntValue())
        .isZero();
  }

  @Test
  void shutdownWithoutStartAndTwiceIsSafe() throws Exception {
    HeartbeatReceiver r = receiver(Duration.ofMillis(10), "heartbeat");
    r.shutdown(Duration.ofSeconds(1));
    r.start(new NopHost());
    r.shutdown(Duration.ofSeconds(1));
    r.shutdown(Duration.ofSeconds(1));
  }
}
