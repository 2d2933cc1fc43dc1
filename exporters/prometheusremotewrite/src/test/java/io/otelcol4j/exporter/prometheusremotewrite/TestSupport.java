package io.otelcol4j.exporter.prometheusremotewrite;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Kind;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.storage.FileStorage;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.storage.StorageExtension;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Settings with captured logs and metrics, YAML configs, and a storage extension. */
final class TestSupport {
  final InMemoryMetricReader reader = InMemoryMetricReader.create();
  final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  final List<String> logs = new CopyOnWriteArrayList<>();
  final Logger logger = Logger.of((time, level, message, fields, error) ->
      logs.add(level + " " + message + " " + String.join(" ", fields)), Logger.Level.DEBUG);

  ComponentSettings settings() {
    return new ComponentSettings(ComponentId.of("prometheusremotewrite"), Kind.EXPORTER, logger, meterProvider,
        io.otelcol4j.component.BuildInfo.current(), io.otelcol4j.component.StatusReporter.NOOP);
  }

  /** The sum of a counter (all attribute sets), 0 when not recorded. */
  long counter(String name) {
    long total = 0;
    for (MetricData m : reader.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        total += m.getLongSumData().getPoints().stream().mapToLong(p -> p.getValue()).sum();
      }
    }
    return total;
  }

  static PrometheusRemoteWriteExporterConfig config(String yaml) {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml(yaml, "test.yaml", "exporters.prometheusremotewrite", problems);
    PrometheusRemoteWriteExporterConfig c = PrometheusRemoteWriteExporterConfig.from(node);
    node.reportUnknownKeys();
    if (!problems.errors().isEmpty()) {
      throw new IllegalArgumentException(problems.errors().toString());
    }
    return c;
  }

  /** A FileStorage as a started extension. */
  static final class Storage implements Component, StorageExtension {
    final FileStorage storage;

    Storage(java.nio.file.Path dir) throws IOException {
      storage = FileStorage.open(dir, false);
    }

    @Override
    public StorageClient client(Kind kind, ComponentId owner, String name) throws IOException {
      return storage.client(kind, owner, name);
    }

    @Override
    public void shutdown(Duration deadline) throws IOException {
      storage.close();
    }
  }
}
