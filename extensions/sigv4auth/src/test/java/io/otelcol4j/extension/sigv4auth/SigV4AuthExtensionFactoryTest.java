package io.otelcol4j.extension.sigv4auth;

import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;

class SigV4AuthExtensionFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new SigV4AuthExtensionFactory();
  }
}
