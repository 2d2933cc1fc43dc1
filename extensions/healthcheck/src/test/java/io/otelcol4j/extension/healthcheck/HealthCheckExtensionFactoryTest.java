package io.otelcol4j.extension.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.extension.healthcheck.HealthCheckExtensionConfig.CheckCollectorPipeline;
import io.otelcol4j.testing.ComponentConformanceTest;
import org.junit.jupiter.api.Test;

class HealthCheckExtensionFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new HealthCheckExtensionFactory();
  }

  @Override
  protected ComponentConfig testConfig() {
    // The default port 13133 may be taken on a build machine.
    return new HealthCheckExtensionConfig("127.0.0.1:0", "/", null, CheckCollectorPipeline.defaults());
  }

  @Test
  void typeAndStability() {
    HealthCheckExtensionFactory f = new HealthCheckExtensionFactory();
    assertThat(f.type()).isEqualTo("health_check");
    assertThat(f.aliases()).isEmpty();
    assertThat(f.stability()).isEqualTo(StabilityLevel.BETA);
  }
}
