package io.otelcol4j.processor.memorylimiter;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;
import java.time.Duration;

class MemoryLimiterProcessorFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new MemoryLimiterProcessorFactory();
  }

  /** The default limits, but no check during the test: the real heap of the test JVM must not matter. */
  @Override
  protected ComponentConfig testConfig() {
    MemoryLimiterProcessorConfig d = MemoryLimiterProcessorConfig.defaults();
    return new MemoryLimiterProcessorConfig(Duration.ofHours(1), d.minGcIntervalWhenSoftLimited(),
        d.minGcIntervalWhenHardLimited(), d.limitMib(), d.spikeLimitMib(), d.limitPercentage(),
        d.spikeLimitPercentage());
  }
}
