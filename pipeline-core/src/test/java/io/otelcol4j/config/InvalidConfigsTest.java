package io.otelcol4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Events;
import io.otelcol4j.component.FakeExporterFactory;
import io.otelcol4j.component.FakeExtensionFactory;
import io.otelcol4j.component.FakeProcessorFactory;
import io.otelcol4j.component.FakeReceiverFactory;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every section of {@code testdata/invalid_configs.yaml} fails with exactly one message (or, for
 * {@code several_errors}, all of them at once) naming the YAML path and {@code [file:line]}.
 */
class InvalidConfigsTest {
  private static final String FILE = "invalid_configs.yaml";
  private static final Map<String, String> SECTIONS = InvalidConfigs.sections("/testdata/" + FILE);

  private static ComponentRegistry registry() {
    Events ev = new Events();
    return ComponentRegistry.of(new FakeReceiverFactory(ev), new FakeProcessorFactory(ev), new FakeExporterFactory(ev),
        new FakeExtensionFactory(ev));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        set("unknown_top_level_key", "extension: unknown key; did you mean \"extensions\"? (expected one of: "
            + "exporters, extensions, processors, receivers, service) [invalid_configs.yaml:7]"),
        set("unknown_component_type",
            "receivers.nope: unknown type \"nope\" (expected one of: fake_receiver) [invalid_configs.yaml:14]"),
        set("unknown_key_in_component", "receivers.fake_receiver.prot: unknown key; did you mean \"port\"? "
            + "(expected one of: endpoint, port, tls) [invalid_configs.yaml:22]"),
        set("unknown_key_in_nested_block", "receivers.fake_receiver.tls.ca_fil: unknown key; did you mean "
            + "\"ca_file\"? (expected one of: ca_file, insecure, reload_interval) [invalid_configs.yaml:31]"),
        set("map_where_scalar_expected",
            "receivers.fake_receiver.endpoint: a map (expected: a string) [invalid_configs.yaml:40]"),
        set("string_where_int_expected",
            "receivers.fake_receiver.port: \"four\" (expected: an integer) [invalid_configs.yaml:48]"),
        set("int_out_of_range", "receivers.fake_receiver.port: 99999999999 (expected: an integer between "
            + "-2147483648 and 2147483647) [invalid_configs.yaml:56]"),
        set("yaml_1_1_bool",
            "receivers.fake_receiver.tls.insecure: \"yes\" (expected: true or false) [invalid_configs.yaml:64]"),
        set("scalar_where_map_expected",
            "receivers.fake_receiver.tls: true (expected: a map) [invalid_configs.yaml:72]"),
        set("component_settings_not_a_map", "receivers.fake_receiver: a list (expected: a map of settings "
            + "for receiver \"fake_receiver\") [invalid_configs.yaml:79]"),
        set("bad_duration", "exporters.fake_exporter.timeout: \"5 seconds\" (expected: a duration, e.g. 5s, "
            + "1m30s, 250ms) [invalid_configs.yaml:88]"),
        set("duration_without_unit", "exporters.fake_exporter.timeout: \"30\" (expected: a duration, e.g. 5s, "
            + "1m30s, 250ms) [invalid_configs.yaml:96]"),
        set("negative_duration", "exporters.fake_exporter.timeout: \"-5s\" (expected: a non-negative "
            + "duration, e.g. 5s) [invalid_configs.yaml:104]"),
        set("bad_size", "exporters.fake_exporter.size: \"12 parsecs\" (expected: a size in bytes, e.g. "
            + "1048576 or 1MiB) [invalid_configs.yaml:112]"),
        set("negative_size", "exporters.fake_exporter.size: \"-1\" (expected: a size in bytes, e.g. "
            + "1048576 or 1MiB) [invalid_configs.yaml:120]"),
        set("component_id_empty_name", "receivers.fake_receiver/: the part after / should not be empty in "
            + "id \"fake_receiver/\" (expected: type/name) [invalid_configs.yaml:127]"),
        set("component_id_empty_type", "receivers./x: the part before / should not be empty in id \"/x\" "
            + "(expected: type[/name]) [invalid_configs.yaml:135]"),
        set("component_id_bad_character", "receivers.fake-receiver: invalid character(s) in type "
            + "\"fake-receiver\" (expected: a letter followed by letters, digits or _) [invalid_configs.yaml:143]"),
        set("pipeline_references_undefined_component", "service.pipelines.traces.exporters: references "
            + "exporter \"fake_exporter/backend\" which is not configured (expected: one of fake_exporter) "
            + "[invalid_configs.yaml:155]"),
        set("pipeline_references_undefined_extension", "service.extensions: references extension "
            + "\"fake_extension\" which is not configured (the extensions section is empty) [invalid_configs.yaml:160]"),
        set("pipeline_references_invalid_id", "service.pipelines.traces.receivers: the part after / should "
            + "not be empty in id \"fake_receiver/\" (expected: type/name) [invalid_configs.yaml:168]"),
        set("pipeline_list_is_a_scalar", "service.pipelines.traces.receivers: fake_receiver (expected: a "
            + "list of strings) [invalid_configs.yaml:175]"),
        set("receiver_does_not_support_signal", "service.pipelines.logs.receivers: receiver "
            + "\"fake_receiver\" does not support signal logs (supports: metrics, traces) [invalid_configs.yaml:183]"),
        set("exporter_does_not_support_signal", "service.pipelines.metrics.exporters: exporter "
            + "\"fake_exporter\" does not support signal metrics (supports: logs, traces) [invalid_configs.yaml:192]"),
        set("unknown_signal_in_pipeline_id", "service.pipelines.trace/extra: unknown signal \"trace\" in "
            + "pipeline id (expected: traces, metrics or logs, optionally followed by /name) [invalid_configs.yaml:199]"),
        set("empty_pipeline_name", "service.pipelines.traces/: the part after / should not be empty in "
            + "pipeline id (expected: signal/name) [invalid_configs.yaml:206]"),
        set("pipeline_without_receivers", "service.pipelines.traces.receivers: pipeline must have at least "
            + "one receiver [invalid_configs.yaml:213]"),
        set("pipeline_with_empty_exporters", "service.pipelines.traces.exporters: pipeline must have at "
            + "least one exporter [invalid_configs.yaml:221]"),
        set("duplicate_key", "receivers.fake_receiver.port: duplicate key (expected: each key once per map) "
            + "[invalid_configs.yaml:226]"),
        set("same_processor_twice", "service.pipelines.traces.processors: references processor "
            + "\"fake_processor\" more than once [invalid_configs.yaml:239]"),
        set("no_pipelines",
            "service.pipelines: service must have at least one pipeline [invalid_configs.yaml:245]"),
        set("no_service",
            "service.pipelines: service must have at least one pipeline [invalid_configs.yaml:247]"),
        set("telemetry_bad_metrics_level", "service.telemetry.metrics.level: \"verbose\" (expected: one of "
            + "none, basic, normal, detailed) [invalid_configs.yaml:255]"),
        set("telemetry_bad_metrics_address", "service.telemetry.metrics.address: \"8888\" (expected: "
            + "host:port, e.g. localhost:8888) [invalid_configs.yaml:264]"),
        set("telemetry_periodic_reader", "service.telemetry.metrics.readers[0]: only pull readers are "
            + "supported (expected: pull: {exporter: {prometheus: {host, port}}}) [invalid_configs.yaml:274]"),
        set("telemetry_reader_bad_port", "service.telemetry.metrics.readers[0].pull.exporter.prometheus.port: "
            + "88888 (expected: a port between 0 and 65535) [invalid_configs.yaml:289]"),
        set("telemetry_bad_logs_level", "service.telemetry.logs.level: \"verbose\" (expected: one of debug, "
            + "info, warn, error) [invalid_configs.yaml:298]"),
        set("yaml_syntax_error", "not valid YAML: expected ',' or '}', but got : (while parsing a flow "
            + "mapping started at line 315) [invalid_configs.yaml:316]"));
  }

  /** A case named after its section; the test gets the section and the expected message. */
  private static Arguments set(String section, String expected) {
    return argumentSet(section, section, expected);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachInvalidSectionFailsWithOneExactMessage(String section, String expected) {
    assertThatThrownBy(() -> new ConfigLoader(registry(), Map.of()).load(FILE, SECTIONS.get(section)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          assertThat(e.problems().get(0).toString()).isEqualTo(expected);
          assertThat(e).hasMessage("invalid configuration: " + expected);
        });
  }

  @Test
  void severalErrorsAreAllReportedInOneException() {
    assertThatThrownBy(() -> new ConfigLoader(registry(), Map.of()).load(FILE, SECTIONS.get("several_errors")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("invalid configuration: 3 problems:\n"
            + "  receivers.fake_receiver.port: \"four\" (expected: an integer) [invalid_configs.yaml:304]\n"
            + "  exporters.fake_exporter.timeout: \"-1s\" (expected: a non-negative duration, e.g. 5s) "
            + "[invalid_configs.yaml:307]\n"
            + "  service.pipelines.traces.receivers: references receiver \"fake_receiver/missing\" which is not "
            + "configured (expected: one of fake_receiver) [invalid_configs.yaml:311]");
  }

  @Test
  void everySectionIsCovered() {
    Stream<String> covered = cases().map(a -> (String) a.get()[0]);
    assertThat(SECTIONS.keySet()).containsExactlyInAnyOrderElementsOf(
        Stream.concat(covered, Stream.of("several_errors")).toList());
  }
}
