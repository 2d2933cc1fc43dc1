package io.otelcol4j.processor.batch;

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
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The processor inside a real collector graph, bound from YAML, between a test receiver and exporter. */
class BatchProcessorPipelineTest {
  private static final String CONFIG = """
      receivers:
        test_in:
      processors:
        batch:
          send_batch_size: 10
          timeout: 10m
          metadata_keys: [tenant]
      exporters:
        test_out:
      service:
        telemetry:
          metrics:
            level: none
        pipelines:
          traces:
            receivers: [test_in]
            processors: [batch]
            exporters: [test_out]
      """;

  private final TestReceiverFactory receiver = new TestReceiverFactory();
  private final TestExporterFactory exporter = new TestExporterFactory();

  @Test
  void batchesInACollectorAndDrainsOnClose() throws Exception {
    Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(receiver, new BatchProcessorFactory(), exporter))
        .configYaml("config.yaml", CONFIG)
        .metricsAddress("")
        .logSink((time, level, message, fields, error) -> {})
        .build();
    try {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();
      TracesConsumer in = receiver.next.get();
      Context tenantA = new Context(null, Map.of("tenant", List.of("a")), null);
      for (int i = 0; i < 4; i++) {
        in.consume(tenantA, TestData.traces(i * 3, 3));
      }
      assertThat(exporter.sink.awaitItems(12, Duration.ofSeconds(10))).isTrue();
      assertThat(exporter.sink.batches()).extracting(Batch::itemCount).containsExactly(12);
      assertThat(exporter.sink.contexts().get(0).metadata("tenant")).containsExactly("a");

      in.consume(tenantA, TestData.traces(12, 5));
    } finally {
      collector.close();
    }
    // Closing the collector shuts the processor down, which sends what it buffered.
    assertThat(exporter.sink.batches()).extracting(Batch::itemCount).containsExactly(12, 5);
  }

  @Test
  void invalidConfigFailsStartWithThePathAndLine() {
    Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(receiver, new BatchProcessorFactory(), exporter))
        .configYaml("config.yaml", CONFIG.replace("send_batch_size: 10", "send_batch_size: 10\n    send_batch_max_size: 5"))
        .metricsAddress("")
        .logSink((time, level, message, fields, error) -> {})
        .build();
    try {
      assertThatThrownBy(collector::start)
          .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
              .extracting(ConfigProblem::toString)
              .containsExactly("processors.batch: send_batch_max_size must be greater or equal to send_batch_size"
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
