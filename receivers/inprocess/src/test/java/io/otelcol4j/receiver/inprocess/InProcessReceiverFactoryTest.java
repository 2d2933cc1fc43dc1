package io.otelcol4j.receiver.inprocess;

import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;

class InProcessReceiverFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new InProcessReceiverFactory();
  }
}
