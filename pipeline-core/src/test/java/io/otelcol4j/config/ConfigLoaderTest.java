package io.otelcol4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Events;
import io.otelcol4j.component.FakeExporterFactory;
import io.otelcol4j.component.FakeExtensionFactory;
import io.otelcol4j.component.FakeProcessorFactory;
import io.otelcol4j.component.FakeReceiverFactory;
import io.otelcol4j.component.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final Events events = new Events();
  private final FakeReceiverFactory receivers = new FakeReceiverFactory(events);
  private final ComponentRegistry registry = ComponentRegistry.of(receivers, new FakeProcessorFactory(events),
      new FakeExporterFactory(events), new FakeExtensionFactory(events));

  static String resource(String name) throws IOException {
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/testdata/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static final String MINIMAL = """
      receivers: {fake_receiver: }
      exporters: {fake_exporter: }
      service:
        pipelines:
          traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
      """;

  @Test
  void emptyComponentBindsToTheFactoryDefault() {
    CollectorConfig c = new ConfigLoader(registry, Map.of()).load("c.yaml", MINIMAL).config();
    assertThat(c.receivers()).containsExactly(Map.entry(ComponentId.of("fake_receiver"), receivers.createDefaultConfig()));
    assertThat(receivers.createDefaultConfig())
        .isEqualTo(new FakeReceiverFactory.Config(4317, "localhost:4317", FakeReceiverFactory.Tls.DEFAULT));
    assertThat(c.exporters().get(ComponentId.of("fake_exporter")))
        .isEqualTo(new FakeExporterFactory.Config(Duration.ofSeconds(5), 1024 * 1024, false));
    assertThat(c.service().telemetry()).isEqualTo(TelemetryConfig.defaults());
    assertThat(c.service().extensions()).isEmpty();
  }

  @Test
  void configYamlBindsToTheExpectedRecords() throws IOException {
    ConfigLoader.Result r = new ConfigLoader(registry, Map.of("ALIAS_PORT", "6000"))
        .load("config.yaml", resource("config.yaml"));
    CollectorConfig c = r.config();

    assertThat(c.receivers()).containsExactly(
        Map.entry(ComponentId.of("fake_receiver"), new FakeReceiverFactory.Config(4317, "localhost:4317",
            FakeReceiverFactory.Tls.DEFAULT)),
        Map.entry(ComponentId.of("fake_receiver", "custom"), new FakeReceiverFactory.Config(5317, "0.0.0.0:5317",
            new FakeReceiverFactory.Tls(true, "/etc/ca.pem", Duration.ofSeconds(90)))),
        // written with the alias type: bound by the same factory, the id kept as written
        Map.entry(ComponentId.of("fakerecv", "alias"), new FakeReceiverFactory.Config(6000, "localhost:4317",
            FakeReceiverFactory.Tls.DEFAULT)));
    assertThat(c.processors()).containsExactly(
        Map.entry(ComponentId.of("fake_processor"), new FakeProcessorFactory.Config(false)),
        Map.entry(ComponentId.of("fake_processor", "hold"), new FakeProcessorFactory.Config(true)));
    assertThat(c.exporters()).containsExactly(
        Map.entry(ComponentId.of("fake_exporter"), new FakeExporterFactory.Config(Duration.ofSeconds(5), 1048576, false)),
        Map.entry(ComponentId.of("fake_exporter", "tuned"),
            new FakeExporterFactory.Config(Duration.ofMillis(1500), 64L * 1024 * 1024, false)));
    assertThat(c.extensions()).containsExactly(
        Map.entry(ComponentId.of("fake_extension"), new FakeExtensionFactory.Config("/var/lib/otelcol4j")),
        Map.entry(ComponentId.of("fake_extension", "unused"), new FakeExtensionFactory.Config("/var/lib/fake")));

    assertThat(c.service()).isEqualTo(new ServiceConfig(
        List.of(ComponentId.of("fake_extension")),
        Map.of(
            PipelineId.of(Signal.TRACES), new PipelineConfig(
                List.of(ComponentId.of("fake_receiver"), ComponentId.of("fakerecv", "alias")),
                List.of(ComponentId.of("fake_processor"), ComponentId.of("fake_processor", "hold")),
                List.of(ComponentId.of("fake_exporter"), ComponentId.of("fake_exporter", "tuned"))),
            new PipelineId(Signal.TRACES, "backup"), new PipelineConfig(
                List.of(ComponentId.of("fake_receiver", "custom")), List.of(), List.of(ComponentId.of("fake_exporter")))),
        TelemetryConfig.defaults()));
    assertThat(c.service().pipelines().keySet()).extracting(PipelineId::toString).containsExactly("traces", "traces/backup");

    // defined but unused: a warning, not an error
    assertThat(r.warnings()).extracting(ConfigProblem::toString).containsExactly(
        "extensions.fake_extension/unused: extension \"fake_extension/unused\" is defined but not used in "
            + "service.extensions; it will not run [config.yaml:24]");
  }

  @Test
  void unusedComponentsAreWarningsWithTheirKind() {
    String yaml = """
        receivers: {fake_receiver: , fake_receiver/spare: }
        processors: {fake_processor: }
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
        """;
    ConfigLoader.Result r = new ConfigLoader(registry, Map.of()).load("c.yaml", yaml);
    assertThat(r.warnings()).extracting(ConfigProblem::toString).containsExactly(
        "receivers.fake_receiver/spare: receiver \"fake_receiver/spare\" is defined but not used in any pipeline; "
            + "it will not run [c.yaml:1]",
        "processors.fake_processor: processor \"fake_processor\" is defined but not used in any pipeline; "
            + "it will not run [c.yaml:2]");
  }

  @Test
  void aReceiverAndAnExporterMayShareAnId() {
    Events ev = new Events();
    ComponentRegistry reg = ComponentRegistry.of(new FakeReceiverFactory(ev, "same", java.util.Set.of(Signal.TRACES)),
        new FakeExporterFactory(ev, "same", java.util.Set.of(Signal.TRACES)));
    ConfigLoader.Result r = new ConfigLoader(reg, Map.of()).load("c.yaml", """
        receivers: {same: }
        exporters: {same: }
        service: {pipelines: {traces: {receivers: [same], exporters: [same]}}}
        """);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void unknownTypeOfAnOtelcol4jComponentNamesTheArtifactToAdd() {
    String yaml = """
        receivers: {fake_receiver: }
        exporters: {debug: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [debug]}
        """;
    assertThatThrownBy(() -> new ConfigLoader(registry, Map.of()).load("c.yaml", yaml))
        .hasMessage("invalid configuration: exporters.debug: unknown type \"debug\" (expected one of: fake_exporter); "
            + "it is provided by io.otelcol4j:exporter-debug, which is not on the classpath or in the plugins folder "
            + "[c.yaml:2]");
  }

  @Test
  void emptyFileAndNonMapRootAreErrors() {
    assertThatThrownBy(() -> new ConfigLoader(registry, Map.of()).load("empty.yaml", ""))
        .hasMessage("invalid configuration: service.pipelines: service must have at least one pipeline [empty.yaml:1]");
    assertThatThrownBy(() -> new ConfigLoader(registry, Map.of()).load("list.yaml", "- a\n- b\n"))
        .hasMessage("invalid configuration: a list (expected: a map with receivers, exporters, service, …) [list.yaml:1]");
    assertThatThrownBy(() -> new ConfigLoader(registry, Map.of()).load(List.of(), List.of()))
        .hasMessage("invalid configuration: no config given (expected: at least one --config)");
  }

  @Test
  void connectorsAreNotSupportedYet() {
    String yaml = MINIMAL + "connectors: {forward: }\n";
    assertThatThrownBy(() -> new ConfigLoader(registry, Map.of()).load("c.yaml", yaml))
        .hasMessage("invalid configuration: connectors: unknown key: connectors are not supported yet [c.yaml:6]");
  }

  @Test
  void nullSettingsTakeDefaults() {
    String yaml = """
        receivers:
          fake_receiver:
            port: ~
            endpoint:
            tls:
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
        """;
    CollectorConfig c = new ConfigLoader(registry, Map.of()).load("c.yaml", yaml).config();
    assertThat(c.receivers().get(ComponentId.of("fake_receiver"))).isEqualTo(receivers.createDefaultConfig());
  }
}
