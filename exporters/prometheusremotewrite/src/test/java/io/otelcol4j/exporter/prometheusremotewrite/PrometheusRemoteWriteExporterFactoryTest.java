package io.otelcol4j.exporter.prometheusremotewrite;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PrometheusRemoteWriteExporterFactoryTest extends ComponentConformanceTest {
  private static FakeRemoteWrite server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FakeRemoteWrite();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected ComponentFactory<?> factory() {
    return new PrometheusRemoteWriteExporterFactory();
  }

  @Override
  protected List<String> emptyConfigProblems() {
    return List.of("exporters.prometheusremotewrite.endpoint: missing (expected: the remote-write URL, e.g."
        + " http://prometheus:9090/api/v1/write) [empty.yaml:1]");
  }

  @Override
  protected ComponentConfig testConfig() {
    return PrometheusRemoteWriteExporterConfig.of(server.endpoint());
  }
}
