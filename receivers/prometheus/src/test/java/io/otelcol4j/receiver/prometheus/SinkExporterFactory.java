package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.testing.SinkConsumer;
import java.util.Map;

/** A test exporter, type {@code sink}, recording into a {@link SinkConsumer}. */
final class SinkExporterFactory implements ExporterFactory<SinkExporterFactory.Config> {
  record Config() implements ComponentConfig {}

  private final SinkConsumer sink;

  SinkExporterFactory(SinkConsumer sink) {
    this.sink = sink;
  }

  @Override
  public String type() {
    return "sink";
  }

  @Override
  public Class<Config> configClass() {
    return Config.class;
  }

  @Override
  public Config parseConfig(ConfigNode node) {
    return new Config();
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT, Signal.METRICS, StabilityLevel.DEVELOPMENT,
        Signal.LOGS, StabilityLevel.DEVELOPMENT);
  }

  @Override
  public Exporter<TracesBatch> createTraces(ComponentSettings settings, Config config) {
    return new Recording<>();
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, Config config) {
    return new Recording<>();
  }

  @Override
  public Exporter<LogsBatch> createLogs(ComponentSettings settings, Config config) {
    return new Recording<>();
  }

  private final class Recording<B extends Batch<B>> implements Exporter<B> {
    @Override
    public void consume(Context context, B batch) {
      sink.record(context, batch);
    }
  }
}
