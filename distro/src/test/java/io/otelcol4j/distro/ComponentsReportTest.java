package io.otelcol4j.distro;

import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.LogsBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentsReportTest {
  record NoConfig() implements ComponentConfig {}

  static final class FakeReceiverFactory implements ReceiverFactory<NoConfig> {
    @Override
    public String type() {
      return "fake_log";
    }

    @Override
    public List<String> aliases() {
      return List.of("fakelog", "fake_logs");
    }

    @Override
    public Class<NoConfig> configClass() {
      return NoConfig.class;
    }

    @Override
    public NoConfig parseConfig(ConfigNode node) {
      return new NoConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.BETA, Signal.LOGS, StabilityLevel.ALPHA,
          Signal.METRICS, StabilityLevel.STABLE);
    }
  }

  static final class FakeExporterFactory implements ExporterFactory<NoConfig> {
    @Override
    public String type() {
      return "fake";
    }

    @Override
    public Class<NoConfig> configClass() {
      return NoConfig.class;
    }

    @Override
    public NoConfig parseConfig(ConfigNode node) {
      return new NoConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.LOGS, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Exporter<LogsBatch> createLogs(ComponentSettings settings, NoConfig config) {
      throw new UnsupportedOperationException("never created in this test");
    }
  }

  static final class FakeExtensionFactory implements ExtensionFactory<NoConfig> {
    @Override
    public String type() {
      return "fake_ext";
    }

    @Override
    public Class<NoConfig> configClass() {
      return NoConfig.class;
    }

    @Override
    public NoConfig parseConfig(ConfigNode node) {
      return new NoConfig();
    }

    @Override
    public StabilityLevel stability() {
      return StabilityLevel.DEPRECATED;
    }

    @Override
    public Component create(ComponentSettings settings, NoConfig config) {
      return new Component() {};
    }
  }

  @Test
  void rendersLikeTheCollectorsComponentsOutput() throws Exception {
    ComponentRegistry registry = ComponentRegistry.of(List.of(
        new ComponentRegistry.Entry(new FakeExtensionFactory(), "/opt/otelcol4j/otelcol4j.jar"),
        new ComponentRegistry.Entry(new FakeExporterFactory(), "/opt/otelcol4j/plugins/fake.jar"),
        new ComponentRegistry.Entry(new FakeReceiverFactory(), "/opt/otelcol4j/otelcol4j.jar")));

    Golden.assertMatches("components-fake.out",
        ComponentsReport.render(registry, new BuildInfo("otelcol4j", "test build", "1.2.3")));
  }
}
