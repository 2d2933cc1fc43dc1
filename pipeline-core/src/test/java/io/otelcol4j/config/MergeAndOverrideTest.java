package io.otelcol4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Events;
import io.otelcol4j.component.FakeExporterFactory;
import io.otelcol4j.component.FakeReceiverFactory;
import io.otelcol4j.component.GenericFakeFactory;
import io.otelcol4j.component.GenericFakeFactory.PlainConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several {@code --config} sources merged in order, then {@code --set} overrides. */
class MergeAndOverrideTest {
  private final Events events = new Events();
  private final ComponentRegistry registry = ComponentRegistry.of(new FakeReceiverFactory(events),
      new FakeExporterFactory(events), GenericFakeFactory.processor("plain"));

  private static final String BASE = """
      receivers:
        fake_receiver:
          port: 1111
          endpoint: base:1111
          tls: {insecure: true, ca_file: /base.pem}
      processors:
        plain: {list: [a, b, c], map: {x: 1, y: 2}}
      exporters: {fake_exporter: {timeout: 1s}}
      service:
        pipelines:
          traces: {receivers: [fake_receiver], processors: [plain], exporters: [fake_exporter]}
      """;

  private CollectorConfig load(List<ConfigLoader.Source> sources, List<String> overrides) {
    return new ConfigLoader(registry, Map.of()).load(sources, overrides).config();
  }

  private static FakeReceiverFactory.Config receiver(CollectorConfig c) {
    return (FakeReceiverFactory.Config) c.receivers().get(ComponentId.of("fake_receiver"));
  }

  private static Object plain(CollectorConfig c) {
    return ((PlainConfig) c.processors().get(ComponentId.of("plain"))).value();
  }

  @Test
  void laterSourcesWinMapsMergeDeeplyAndListsAreReplaced() {
    CollectorConfig c = load(List.of(ConfigLoader.Source.text("base.yaml", BASE), ConfigLoader.Source.text("over.yaml", """
        receivers:
          fake_receiver:
            port: 2222
            tls: {ca_file: /over.pem}
        processors:
          plain: {list: [z], map: {y: 20}}
        """)), List.of());
    assertThat(receiver(c)).isEqualTo(new FakeReceiverFactory.Config(2222, "base:1111",
        new FakeReceiverFactory.Tls(true, "/over.pem", Duration.ZERO)));
    assertThat(plain(c)).isEqualTo(Map.of("list", List.of("z"), "map", Map.of("x", 1L, "y", 20L)));
  }

  @Test
  void errorsNameTheSourceTheValueCameFrom() {
    assertThatThrownBy(() -> load(List.of(ConfigLoader.Source.text("base.yaml", BASE),
        ConfigLoader.Source.text("over.yaml", "\nexporters: {fake_exporter: {timeout: soon}}\n")), List.of()))
        .hasMessage("invalid configuration: exporters.fake_exporter.timeout: \"soon\" (expected: a duration, e.g. 5s, "
            + "1m30s, 250ms) [over.yaml:2]");
  }

  @Test
  void setOverridesDottedPaths() {
    CollectorConfig c = load(List.of(ConfigLoader.Source.text("base.yaml", BASE)),
        List.of("receivers.fake_receiver.port=3333", "receivers.fake_receiver.tls.insecure=false",
            "exporters.fake_exporter.timeout=2m"));
    assertThat(receiver(c)).isEqualTo(new FakeReceiverFactory.Config(3333, "base:1111",
        new FakeReceiverFactory.Tls(false, "/base.pem", Duration.ZERO)));
    assertThat(c.exporters().get(ComponentId.of("fake_exporter")))
        .isEqualTo(new FakeExporterFactory.Config(Duration.ofMinutes(2), 1048576, false));
  }

  @Test
  void setWithDoubleColonsKeepsDotsInKeys() {
    CollectorConfig c = load(List.of(ConfigLoader.Source.text("base.yaml", BASE)),
        List.of("processors::plain::map::k8s.pod.name=v", "processors::plain::map::a.b::c=d"));
    assertThat(plain(c)).isEqualTo(Map.of("list", List.of("a", "b", "c"),
        "map", Map.of("x", 1L, "y", 2L, "k8s.pod.name", "v", "a.b", Map.of("c", "d"))));
  }

  @Test
  void setValuesAreYaml() {
    CollectorConfig c = load(List.of(ConfigLoader.Source.text("base.yaml", BASE)),
        List.of("processors.plain.list=[d, e]", "processors.plain.map={z: true}", "receivers.fake_receiver.endpoint="));
    assertThat(plain(c)).isEqualTo(Map.of("list", List.of("d", "e"), "map", Map.of("x", 1L, "y", 2L, "z", true)));
    assertThat(receiver(c).endpoint()).as("an empty value is null: the default").isEqualTo("localhost:4317");
  }

  @Test
  void setCanBuildAWholeConfig() {
    CollectorConfig c = load(List.of(ConfigLoader.Source.text("empty.yaml", "")), List.of(
        "receivers.fake_receiver.port=4444",
        "exporters.fake_exporter.size=2MiB",
        "service.pipelines.traces.receivers=[fake_receiver]",
        "service.pipelines.traces.exporters=[fake_exporter]"));
    assertThat(receiver(c).port()).isEqualTo(4444);
  }

  @Test
  void malformedOverridesAreErrors() {
    List<ConfigLoader.Source> base = List.of(ConfigLoader.Source.text("base.yaml", BASE));
    assertThatThrownBy(() -> load(base, List.of("receivers.fake_receiver.port")))
        .hasMessage("invalid configuration: --set \"receivers.fake_receiver.port\" (expected: key.path=value) [--set]");
    assertThatThrownBy(() -> load(base, List.of("=5")))
        .hasMessage("invalid configuration: --set \"=5\" (expected: key.path=value) [--set]");
    assertThatThrownBy(() -> load(base, List.of("receivers..port=5")))
        .hasMessage("invalid configuration: --set \"receivers..port=5\": empty key in path (expected: key.path=value) "
            + "[--set]");
    assertThatThrownBy(() -> load(base, List.of("receivers.fake_receiver.port=[1")))
        .hasMessageStartingWith("invalid configuration: not valid YAML: ")
        .hasMessageEndingWith("[--set receivers.fake_receiver.port:1]");
  }

  @Test
  void anOverriddenValueIsValidatedWithItsOrigin() {
    assertThatThrownBy(() -> load(List.of(ConfigLoader.Source.text("base.yaml", BASE)),
        List.of("receivers.fake_receiver.port=many")))
        .hasMessage("invalid configuration: receivers.fake_receiver.port: \"many\" (expected: an integer) "
            + "[--set receivers.fake_receiver.port:1]");
  }
}
