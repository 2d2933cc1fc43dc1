package io.otelcol4j.processor.memorylimiter;

import static io.otelcol4j.processor.memorylimiter.MemoryLimiter.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryLimiterProcessorTest {
  private static final ComponentId ID = ComponentId.parse("memory_limiter/test");

  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
  private final Logger logger = Logger.of((time, level, message, fields, error) ->
      logs.add(level + " " + message + " " + String.join(",", fields)), Logger.Level.INFO);
  private final SinkConsumer sink = new SinkConsumer();
  private final AtomicLong used = new AtomicLong();
  private final AtomicInteger gcs = new AtomicInteger();
  private final TestClock clock = new TestClock();
  /** What a forced GC leaves in use; negative: the GC frees nothing. */
  private final AtomicLong afterGc = new AtomicLong(-1);

  @AfterEach
  void tearDown() {
    meterProvider.close();
  }

  /** limit_mib 100, spike_limit_mib 20: soft limit 80 MiB, hard limit 100 MiB. */
  private static MemoryLimiterProcessorConfig config(Duration checkInterval, Duration minGcSoft, Duration minGcHard) {
    return new MemoryLimiterProcessorConfig(checkInterval, minGcSoft, minGcHard, 100, 20, 0, 0);
  }

  private MemoryLimiter limiter(MemoryLimiterProcessorConfig config) {
    return new MemoryLimiter(ID, config, logger, used::get, 0, () -> {
      gcs.incrementAndGet();
      if (afterGc.get() >= 0) {
        used.set(afterGc.get());
      }
    }, clock);
  }

  private MemoryLimiterProcessor<TracesBatch> processor(MemoryLimiter limiter) {
    ComponentSettings settings = new ComponentSettings(ID, Kind.PROCESSOR, logger, meterProvider, BuildInfo.current(),
        StatusReporter.NOOP);
    return new MemoryLimiterProcessor<>(settings, Signal.TRACES, limiter, sink.traces(), () -> {});
  }

  private MemoryLimiter defaultLimiter() {
    return limiter(config(Duration.ofHours(1), Duration.ofSeconds(10), Duration.ZERO));
  }

  @Test
  void limitsComeFromLimitMibWithTwentyPercentSpikeByDefault() {
    MemoryLimiter fixed = defaultLimiter();
    assertThat(fixed.limitBytes()).isEqualTo(100 * MIB);
    assertThat(fixed.softLimitBytes()).isEqualTo(80 * MIB);

    MemoryLimiter noSpike = limiter(new MemoryLimiterProcessorConfig(Duration.ofSeconds(1), Duration.ofSeconds(10),
        Duration.ZERO, 100, 0, 0, 0));
    assertThat(noSpike.softLimitBytes()).isEqualTo(80 * MIB);
  }

  @Test
  void percentagesAreOfTheTotalMemory() {
    MemoryLimiterProcessorConfig config = new MemoryLimiterProcessorConfig(Duration.ofSeconds(1),
        Duration.ofSeconds(10), Duration.ZERO, 0, 0, 50, 15);
    MemoryLimiter limiter = new MemoryLimiter(ID, config, logger, used::get, 1000 * MIB, () -> {}, clock);
    assertThat(limiter.limitBytes()).isEqualTo(500 * MIB);
    assertThat(limiter.softLimitBytes()).isEqualTo(350 * MIB);

    assertThatThrownBy(() -> new MemoryLimiter(ID, config, logger, used::get, Long.MAX_VALUE, () -> {}, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("failed to get total memory, use fixed memory settings (limit_mib)");
  }

  @Test
  void belowTheSoftLimitDataPassesThrough() {
    MemoryLimiter limiter = defaultLimiter();
    MemoryLimiterProcessor<TracesBatch> p = processor(limiter);
    used.set(79 * MIB);
    limiter.checkMemLimits();

    p.consume(Context.EMPTY, TestData.traces(0, 5));

    assertThat(sink.itemCount()).isEqualTo(5);
    assertThat(gcs).hasValue(0);
    assertThat(counter("otelcol_processor_accepted_spans")).isEqualTo(5);
  }

  @Test
  void aboveTheSoftLimitDataIsRefusedRetryablyUntilUsageDropsBelowIt() {
    MemoryLimiter limiter = defaultLimiter();
    MemoryLimiterProcessor<TracesBatch> p = processor(limiter);
    used.set(80 * MIB);
    limiter.checkMemLimits();

    assertThatThrownBy(() -> p.consume(Context.EMPTY, TestData.traces(0, 5)))
        .isInstanceOf(RetryableConsumeException.class)
        .hasMessage("data refused due to high memory usage")
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isFalse());
    assertThat(sink.itemCount()).isZero();
    assertThat(counter("otelcol_processor_refused_spans")).isEqualTo(5);
    // The last forced GC (construction time) is within min_gc_interval_when_soft_limited.
    assertThat(gcs).hasValue(0);
    assertThat(logs).contains("WARN Memory usage is above soft limit. Refusing data. cur_mem_mib,80");

    used.set(90 * MIB);
    limiter.checkMemLimits();
    assertThat(limiter.mustRefuse()).isTrue();

    used.set(79 * MIB);
    limiter.checkMemLimits();
    p.consume(Context.EMPTY, TestData.traces(5, 3));
    assertThat(sink.itemCount()).isEqualTo(3);
    assertThat(logs).contains("INFO Memory usage back within limits. Resuming normal operation. cur_mem_mib,79");
  }

  @Test
  void aboveTheSoftLimitAGcIsForcedWhenDueAndRefusalOnlyIfItDidNotHelp() {
    MemoryLimiter limiter = defaultLimiter();
    MemoryLimiterProcessor<TracesBatch> p = processor(limiter);
    clock.advance(Duration.ofSeconds(10));
    used.set(85 * MIB);
    afterGc.set(40 * MIB);

    limiter.checkMemLimits();

    assertThat(gcs).hasValue(1);
    assertThat(limiter.mustRefuse()).isFalse();
    p.consume(Context.EMPTY, TestData.traces(0, 2));
    assertThat(sink.itemCount()).isEqualTo(2);

    // The next soft-limit GC waits for min_gc_interval_when_soft_limited.
    used.set(85 * MIB);
    limiter.checkMemLimits();
    assertThat(gcs).hasValue(1);
    assertThat(limiter.mustRefuse()).isTrue();
  }

  @Test
  void aboveTheHardLimitAGcIsForcedAndDataRefusedWhileItDoesNotHelp() {
    MemoryLimiter limiter = defaultLimiter();
    MemoryLimiterProcessor<TracesBatch> p = processor(limiter);
    used.set(120 * MIB);

    limiter.checkMemLimits();

    assertThat(gcs).hasValue(1);
    assertThat(logs).contains("WARN Memory usage is above hard limit. Forcing a GC. cur_mem_mib,120",
        "INFO Memory usage after GC. cur_mem_mib,120");
    assertThatThrownBy(() -> p.consume(Context.EMPTY, TestData.traces(0, 1)))
        .isInstanceOf(RetryableConsumeException.class);

    // min_gc_interval_when_hard_limited is 0: a GC on every check above the hard limit.
    limiter.checkMemLimits();
    assertThat(gcs).hasValue(2);

    afterGc.set(10 * MIB);
    limiter.checkMemLimits();
    assertThat(gcs).hasValue(3);
    assertThat(limiter.mustRefuse()).isFalse();
    p.consume(Context.EMPTY, TestData.traces(1, 1));
    assertThat(sink.itemCount()).isEqualTo(1);
  }

  @Test
  void hardLimitGcsAreRateLimitedByTheirMinimumInterval() {
    MemoryLimiter limiter = limiter(config(Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(5)));
    clock.advance(Duration.ofSeconds(5));
    used.set(150 * MIB);

    limiter.checkMemLimits();
    limiter.checkMemLimits();
    assertThat(gcs).hasValue(1);

    clock.advance(Duration.ofSeconds(5));
    limiter.checkMemLimits();
    assertThat(gcs).hasValue(2);
    assertThat(limiter.mustRefuse()).isTrue();
  }

  @Test
  void theCheckerThreadChecksEveryIntervalAndStopsOnShutdown() throws Exception {
    MemoryLimiter limiter = limiter(config(Duration.ofMillis(5), Duration.ofSeconds(10), Duration.ZERO));
    MemoryLimiterProcessor<TracesBatch> p = processor(limiter);
    p.start(new NopHost());
    Thread checker = limiter.checkerThread();
    assertThat(checker).isNotNull();
    assertThat(checker.getName()).isEqualTo("otelcol4j-memory-limiter-memory_limiter/test");
    try {
      used.set(90 * MIB);
      assertThat(await(limiter::mustRefuse)).isTrue();
      used.set(10 * MIB);
      assertThat(await(() -> !limiter.mustRefuse())).isTrue();
    } finally {
      p.shutdown(Duration.ofSeconds(5));
    }
    assertThat(checker.isAlive()).isFalse();
    assertThat(limiter.checkerThread()).isNull();
    p.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void instancesOfOneIdShareOneLimiterReleasedByTheLastShutdown() throws Exception {
    MemoryLimiterProcessorFactory factory = new MemoryLimiterProcessorFactory();
    MemoryLimiterProcessorConfig config = new MemoryLimiterProcessorConfig(Duration.ofHours(1),
        Duration.ofSeconds(10), Duration.ZERO, 1_000_000, 0, 0, 0);
    ComponentSettings settings = new ComponentSettings(ID, Kind.PROCESSOR, Logger.noop(), meterProvider,
        BuildInfo.current(), StatusReporter.NOOP);
    Processor<TracesBatch> traces = factory.createTraces(settings, config, sink.traces());
    Processor<LogsBatch> logsProcessor = factory.createLogs(settings, config, sink.logs());
    assertThat(((MemoryLimiterProcessor<?>) traces).limiter())
        .isSameAs(((MemoryLimiterProcessor<?>) logsProcessor).limiter());
    assertThat(factory.sharedLimiters()).isEqualTo(1);

    traces.start(new NopHost());
    logsProcessor.start(new NopHost());
    traces.shutdown(Duration.ofSeconds(5));
    assertThat(factory.sharedLimiters()).isEqualTo(1);
    logsProcessor.shutdown(Duration.ofSeconds(5));
    assertThat(factory.sharedLimiters()).isZero();

    Processor<TracesBatch> fresh = factory.createTraces(settings, config, sink.traces());
    assertThat(((MemoryLimiterProcessor<?>) fresh).limiter())
        .isNotSameAs(((MemoryLimiterProcessor<?>) traces).limiter());
    fresh.shutdown(Duration.ofSeconds(5));
  }

  private long counter(String name) {
    MetricData m = metrics.collectAllMetrics().stream().filter(d -> d.getName().equals(name)).findFirst().orElse(null);
    return m == null ? 0 : m.getLongSumData().getPoints().stream().mapToLong(pt -> pt.getValue()).sum();
  }

  private static boolean await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(2);
    }
    return true;
  }

  /** A clock that moves only when told to. */
  private static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
}
