package io.otelcol4j.testing;

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
import java.util.Map;

/** A test exporter for all signals, type {@code sink}, recording into a {@link SinkConsumer}: the end of pipelines in tests that run a real {@code Collector}. */
public final class SinkExporterFactory implements ExporterFactory<SinkExporterFactory.Config> {
  /** No keys. */
  public record Config() implements ComponentConfig {}

  private final SinkConsumer sink;

  /** An exporter factory whose exporters record every batch into {@code sink}. */
  public SinkExporterFactory(SinkConsumer sink) {
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
