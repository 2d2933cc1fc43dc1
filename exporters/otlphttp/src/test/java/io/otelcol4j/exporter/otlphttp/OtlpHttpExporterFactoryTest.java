package io.otelcol4j.exporter.otlphttp;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import io.otelcol4j.testing.ComponentConformanceTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The conformance kit, against a local OTLP/HTTP backend. */
class OtlpHttpExporterFactoryTest extends ComponentConformanceTest {
  private FakeHttpBackend backend;

  @BeforeEach
  void startBackend() throws Exception {
    backend = FakeHttpBackend.start();
  }

  @AfterEach
  void stopBackend() {
    backend.close();
  }

  @Override
  protected ComponentFactory<?> factory() {
    return new OtlpHttpExporterFactory();
  }

  @Override
  protected List<String> emptyConfigProblems() {
    return List.of("exporters.otlphttp.endpoint: at least one endpoint must be specified [empty.yaml:1]");
  }

  @Override
  protected ComponentConfig testConfig() {
    return OtlpHttpExporterConfig.of(backend.baseUrl())
        .withHelper(new ExporterHelperConfig(TimeoutConfig.defaults(), RetryConfig.disabled(), QueueConfig.disabled()));
  }
}
