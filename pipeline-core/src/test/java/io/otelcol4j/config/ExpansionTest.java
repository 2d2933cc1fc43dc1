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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${env:…}}, {@code ${VAR}}, {@code ${file:…}} and {@code $$}, as the collector's resolver expands them. */
class ExpansionTest {
  private static final Map<String, String> ENV = Map.of(
      "HOST", "collector.local",
      "PORT", "4318",
      "EMPTY", "",
      "A", "alpha");

  private final Events events = new Events();
  private final ComponentRegistry registry = ComponentRegistry.of(new FakeReceiverFactory(events),
      new FakeExporterFactory(events), GenericFakeFactory.receiver("plain"));

  private ConfigLoader.Result load(String receivers, Map<String, String> env) {
    String yaml = "receivers:\n" + receivers + """
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
        """;
    return new ConfigLoader(registry, env).load("c.yaml", yaml);
  }

  /** The plain values the "plain" receiver bound. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> plain(String settings) {
    ConfigLoader.Result r = load("  fake_receiver:\n  plain:\n" + settings, ENV);
    PlainConfig c = (PlainConfig) r.config().receivers().get(ComponentId.of("plain"));
    return (Map<String, Object>) c.value();
  }

  private FakeReceiverFactory.Config receiver(String settings, Map<String, String> env) {
    return (FakeReceiverFactory.Config) load("  fake_receiver:\n" + settings, env).config().receivers()
        .get(ComponentId.of("fake_receiver"));
  }

  @Test
  void envForms() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("braced_env", "collector.local");
    expected.put("bare", "collector.local");
    expected.put("default_unset", "fallback");
    expected.put("default_empty", "fallback");
    expected.put("default_set", "alpha");
    expected.put("set_empty", null);
    expected.put("embedded", "collector.local:4318");
    assertThat(plain("""
            braced_env: ${env:HOST}
            bare: ${HOST}
            default_unset: ${env:UNSET:-fallback}
            default_empty: ${env:EMPTY:-fallback}
            default_set: ${env:A:-fallback}
            set_empty: ${env:EMPTY}
            embedded: ${env:HOST}:${env:PORT}
        """)).isEqualTo(expected);
  }

  @Test
  void aWholeReferenceTakesTheTypeOfItsValueWhileEmbeddedOnesStayStrings() {
    Map<String, Object> v = plain("""
            whole: ${env:PORT}
            embedded: ${env:PORT}-x
            quoted: "${env:PORT}"
        """);
    assertThat(v).containsEntry("whole", 4318L).containsEntry("embedded", "4318-x").containsEntry("quoted", "4318");
    assertThat(receiver("    port: ${env:PORT}\n", ENV).port()).isEqualTo(4318);
  }

  @Test
  void dollarEscapesAndPrometheusReplacementsPassThrough() {
    assertThat(plain("""
            escaped: $${env:HOST}
            dollar_dollar: a$$b
            group: $1
            braced_group: ${1}
            escaped_group: $$1:$$2
            lone: cost $
        """)).containsEntry("escaped", "${env:HOST}")
        .containsEntry("dollar_dollar", "a$b")
        .containsEntry("group", "$1")
        .containsEntry("braced_group", "${1}")
        .containsEntry("escaped_group", "$1:$2")
        .containsEntry("lone", "cost $");
  }

  @Test
  void anUndefinedVariableIsEmptyWithAWarning() {
    ConfigLoader.Result r = load("""
          fake_receiver:
            endpoint: ${env:NOPE}/x
          plain:
            whole: ${env:NOPE}
        """, ENV);
    assertThat(((FakeReceiverFactory.Config) r.config().receivers().get(ComponentId.of("fake_receiver"))).endpoint())
        .isEqualTo("/x");
    assertThat(((PlainConfig) r.config().receivers().get(ComponentId.of("plain"))).value())
        .isEqualTo(java.util.Collections.singletonMap("whole", null));
    assertThat(r.warnings()).extracting(ConfigProblem::toString).containsExactly(
        "receivers.fake_receiver.endpoint: environment variable \"NOPE\" is not set; using an empty value [c.yaml:3]",
        "receivers.plain.whole: environment variable \"NOPE\" is not set; using an empty value [c.yaml:5]",
        "receivers.plain: receiver \"plain\" is defined but not used in any pipeline; it will not run [c.yaml:5]");
  }

  @Test
  void aWholeReferenceToNothingTakesTheDefault() {
    assertThat(receiver("    port: ${env:UNSET}\n", Map.of()).port()).isEqualTo(4317);
    assertThat(receiver("    port: ${env:EMPTY}\n", ENV).port()).isEqualTo(4317);
  }

  @Test
  void fileReadsASecretWithoutItsTrailingNewline(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("token"), "s3cr3t\n");
    Path crlf = Files.writeString(dir.resolve("crlf"), "two\nlines\r\n");
    Map<String, Object> v = plain("    token: ${file:" + secret + "}\n    crlf: ${file:" + crlf + "}\n");
    assertThat(v).containsEntry("token", "s3cr3t").containsEntry("crlf", "two\nlines");
  }

  @Test
  void aMissingFileIsAnError(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> load("  fake_receiver:\n    endpoint: ${file:" + missing + "}\n", ENV))
        .hasMessage("invalid configuration: receivers.fake_receiver.endpoint: \"${file:" + missing
            + "}\": cannot read file: java.nio.file.NoSuchFileException: " + missing + " [c.yaml:3]");
  }

  @Test
  void anUnsupportedSchemeIsAnError() {
    assertThatThrownBy(() -> load("  fake_receiver:\n    endpoint: ${http:example.com}\n", ENV))
        .hasMessage("invalid configuration: receivers.fake_receiver.endpoint: \"${http:example.com}\": unsupported "
            + "scheme \"http\" (expected: env or file) [c.yaml:3]");
  }

  @Test
  void anInvalidVariableNameIsAnError() {
    assertThatThrownBy(() -> load("  fake_receiver:\n    endpoint: ${env:1X}\n", ENV))
        .hasMessage("invalid configuration: receivers.fake_receiver.endpoint: \"${env:1X}\": invalid environment "
            + "variable name \"1X\" (expected: letters, digits and _, not starting with a digit) [c.yaml:3]");
  }

  @Test
  void expansionIsNotRecursive() {
    assertThat(receiver("    endpoint: ${env:REF}\n", Map.of("REF", "${env:HOST}", "HOST", "h")).endpoint())
        .isEqualTo("${env:HOST}");
  }

  @Test
  void listItemsAreExpanded() {
    // Block form: in a flow list "${" would open a flow map, as in any YAML parser.
    assertThat(plain("    list:\n      - ${env:A}\n      - $$x\n      - ${env:PORT}\n"))
        .containsEntry("list", List.of("alpha", "$x", 4318L));
  }
}
