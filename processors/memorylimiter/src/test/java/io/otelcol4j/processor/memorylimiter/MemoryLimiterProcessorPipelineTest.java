package io.otelcol4j.processor.memorylimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigurationException;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The processor inside a real collector graph, bound from YAML, between a test receiver and exporter. */
class MemoryLimiterProcessorPipelineTest {
  private static final String CONFIG = """
      receivers:
        test_in:
      processors:
        memory_limiter:
          check_interval: CHECK
          limit_mib: LIMIT
          spike_limit_mib: 1
          min_gc_interval_when_soft_limited: 1h
          min_gc_interval_when_hard_limited: 1h
      exporters:
        test_out:
      service:
        telemetry:
          metrics:
            level: none
        pipelines:
          traces:
            receivers: [test_in]
            processors: [memory_limiter]
            exporters: [test_out]
      """;

  private final TestReceiverFactory receiver = new TestReceiverFactory();
  private final TestExporterFactory exporter = new TestExporterFactory();

  private Collector collector(String checkInterval, String limitMib) {
    return Collector.builder()
        .registry(ComponentRegistry.of(receiver, new MemoryLimiterProcessorFactory(), exporter))
        .configYaml("config.yaml", CONFIG.replace("CHECK", checkInterval).replace("LIMIT", limitMib))
        .metricsAddress("")
        .logSink((time, level, message, fields, error) -> {})
        .build();
  }

  @Test
  void passesDataThroughWhileBelowTheLimit() throws Exception {
    // No check runs within the test (1h interval), so the test JVM's heap cannot matter.
    try (Collector collector = collector("1h", "100000")) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();
      receiver.next.get().consume(Context.EMPTY, TestData.traces(0, 7));
      assertThat(exporter.sink.itemCount()).isEqualTo(7);
    }
  }

  @Test
  void refusesRetryablyThroughTheGraphWhenTheHeapIsAboveTheLimit() throws Exception {
    // A 2 MiB limit (soft limit 1 MiB): any running JVM uses more heap than that.
    try (Collector collector = collector("10ms", "2")) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();
      TracesConsumer in = receiver.next.get();
      RuntimeException refused = null;
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (refused == null && System.nanoTime() < end) {
        try {
          in.consume(Context.EMPTY, TestData.traces(0, 1));
          Thread.sleep(5);
        } catch (RuntimeException e) {
          refused = e;
        }
      }
      assertThat(refused).isInstanceOf(RetryableConsumeException.class)
          .hasMessage("data refused due to high memory usage");
      assertThat(Failures.isPermanent(refused)).isFalse();
      int before = exporter.sink.itemCount();
      assertThatThrownBy(() -> in.consume(Context.EMPTY, TestData.traces(0, 3)))
          .isInstanceOf(RetryableConsumeException.class);
      assertThat(exporter.sink.itemCount()).isEqualTo(before);
    }
  }

  @Test
  void invalidConfigFailsStartWithThePathAndLine() {
    Collector collector = collector("0s", "2");
    try {
      assertThatThrownBy(collector::start)
          .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
              .extracting(ConfigProblem::toString)
              .containsExactly("processors.memory_limiter.check_interval: 'check_interval' must be greater than zero"
                  + " [config.yaml:5]"));
    } finally {
      collector.close();
    }
  }

  /** A config with no keys, for the test receiver and exporter. */
  record NoConfig() implements ComponentConfig {}

  /** A receiver that hands out the consumer it was given, so the test can push data in. */
  static final class TestReceiverFactory implements ReceiverFactory<NoConfig> {
    final AtomicReference<TracesConsumer> next = new AtomicReference<>();

    @Override
    public String type() {
      return "test_in";
    }

    @Override
    public Class<NoConfig> configClass() {
      return NoConfig.class;
    }

    @Override
    public NoConfig parseConfig(ConfigNode node) {
      return new NoConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Component createTraces(ComponentSettings settings, NoConfig config, TracesConsumer consumer) {
      next.set(consumer);
      return new Component() {};
    }
  }

  /** An exporter that keeps what it receives. */
  static final class TestExporterFactory implements ExporterFactory<NoConfig> {
    final SinkConsumer sink = new SinkConsumer();

    @Override
    public String type() {
      return "test_out";
    }

    @Override
    public Class<NoConfig> configClass() {
      return NoConfig.class;
    }

    @Override
    public NoConfig parseConfig(ConfigNode node) {
      return new NoConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Exporter<TracesBatch> createTraces(ComponentSettings settings, NoConfig config) {
      TracesConsumer c = sink.traces();
      return new Exporter<>() {
        @Override
        public void consume(Context context, TracesBatch batch) {
          c.consume(context, batch);
        }
      };
    }
  }
}
