package io.otelcol4j.exporter.otlp;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The conformance kit, against a local OTLP/gRPC backend. */
class OtlpExporterFactoryTest extends io.otelcol4j.testing.ComponentConformanceTest {
  private FakeGrpcBackend backend;

  @BeforeEach
  void startBackend() throws Exception {
    backend = FakeGrpcBackend.start();
  }

  @AfterEach
  void stopBackend() throws Exception {
    backend.close();
  }

  @Override
  protected ComponentFactory<?> factory() {
    return new OtlpExporterFactory();
  }

  @Override
  protected List<String> emptyConfigProblems() {
    return List.of("exporters.otlp.endpoint: requires a non-empty \"endpoint\" [empty.yaml:1]");
  }

  @Override
  protected ComponentConfig testConfig() {
    return OtlpExporterConfig.of(backend.endpoint()).withTls(OtlpExporterConfig.Tls.plaintext())
        .withHelper(new ExporterHelperConfig(TimeoutConfig.defaults(), RetryConfig.disabled(), QueueConfig.disabled()));
  }
}
