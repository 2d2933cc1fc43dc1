package io.otelcol4j.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.testing.ComponentConformanceTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatReceiverFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new HeartbeatReceiverFactory();
  }

  @Override
  protected ComponentConfig testConfig() {
    return new HeartbeatReceiverConfig(Duration.ofMillis(20), "beat");
  }

  @Test
  void logsOnlyInDevelopment() {
    assertThat(factory().type()).isEqualTo("heartbeat");
    assertThat(factory().signals()).isEqualTo(Map.of(Signal.LOGS, StabilityLevel.DEVELOPMENT));
  }
}
