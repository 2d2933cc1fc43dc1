package io.otelcol4j.processor.batch;

import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;

class BatchProcessorFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new BatchProcessorFactory();
  }
}
