package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentLoader;
import io.otelcol4j.component.Signal;
import io.otelcol4j.config.CollectorConfig;
import io.otelcol4j.config.ConfigLoader;
import io.otelcol4j.config.PipelineConfig;
import io.otelcol4j.config.PipelineId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded default config binds with the distro's components. Fails (never skips) when a type
 * it names is missing from the build.
 */
class DefaultConfigTest {
  @Test
  void bindsWithoutProblemsOrWarnings() {
    ConfigLoader.Result r = new ConfigLoader(ComponentLoader.fromClasspath(), Map.of())
        .load(List.of(ConfigLoader.Source.text(Cli.DEFAULT_CONFIG_NAME, Cli.defaultConfig())), List.of());

    assertThat(r.warnings()).isEmpty();
    CollectorConfig c = r.config();
    assertThat(c.service().extensions()).containsExactly(ComponentId.of("health_check"));
    PipelineConfig expected = new PipelineConfig(List.of(ComponentId.of("otlp")), List.of(ComponentId.of("batch")),
        List.of(ComponentId.of("debug")));
    PipelineConfig metrics = new PipelineConfig(List.of(ComponentId.of("otlp"), ComponentId.of("prometheus")),
        List.of(ComponentId.of("batch")), List.of(ComponentId.of("debug")));
    assertThat(c.service().pipelines()).containsOnly(
        Map.entry(new PipelineId(Signal.TRACES, ""), expected),
        Map.entry(new PipelineId(Signal.METRICS, ""), metrics),
        Map.entry(new PipelineId(Signal.LOGS, ""), expected));
    assertThat(c.service().telemetry().metricsEndpoints()).containsExactly("localhost:8888");
  }
}
