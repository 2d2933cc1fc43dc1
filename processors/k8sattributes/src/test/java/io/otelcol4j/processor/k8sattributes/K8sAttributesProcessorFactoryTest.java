package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.testing.ComponentConformanceTest;

class K8sAttributesProcessorFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new K8sAttributesProcessorFactory();
  }

  /** Passthrough needs no cluster: there is none in a unit test. */
  @Override
  protected ComponentConfig testConfig() {
    return K8sAttributesProcessorConfig.from(
        ConfigNode.fromYaml("passthrough: true", "test.yaml", "processors.k8sattributes", new ConfigProblems()));
  }
}
