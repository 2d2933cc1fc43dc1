package io.otelcol4j.exporter.debug;

import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;

class DebugExporterFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new DebugExporterFactory();
  }
}
