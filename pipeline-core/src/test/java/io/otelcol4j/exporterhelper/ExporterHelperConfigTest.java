package io.otelcol4j.exporterhelper;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExporterHelperConfigTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = ExporterHelperConfigTest.class.getResourceAsStream("/testdata/exporterhelper/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Binds one section of a testdata file as the exporter node {@code exporters.<section>}. */
  private static ExporterHelperConfig bind(String file, String section, ConfigProblems problems) throws IOException {
    ConfigNode root = ConfigNode.fromYaml(resource(file), file, "exporters", problems);
    ConfigNode exporter = root.child(section);
    ExporterHelperConfig config = ExporterHelperConfig.from(exporter);
    exporter.reportUnknownKeys();
    return config;
  }

  @Test
  void emptyNodeBindsToDefaults() {
    ConfigNode empty = ConfigNode.empty("exporters.otlp");
    ExporterHelperConfig config = ExporterHelperConfig.from(empty);
    empty.reportUnknownKeys();
    assertThat(empty.problems().errors()).isEmpty();
    assertThat(config).isEqualTo(ExporterHelperConfig.defaults());
    assertThat(config).isEqualTo(new ExporterHelperConfig(
        new TimeoutConfig(Duration.ofSeconds(5)),
        new RetryConfig(true, Duration.ofSeconds(5), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofMinutes(5)),
        new QueueConfig(true, 10, 1000, Sizer.REQUESTS, false, false, null, null)));
  }

  @Test
  void configYamlBindsToExpectedRecord() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ExporterHelperConfig all = bind("config.yaml", "otlp/all", problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(all).isEqualTo(new ExporterHelperConfig(
        new TimeoutConfig(Duration.ofSeconds(10)),
        new RetryConfig(false, Duration.ofSeconds(1), 0.25, 2, Duration.ofMinutes(1), Duration.ofMinutes(10)),
        new QueueConfig(true, 2, 50000, Sizer.ITEMS, true, false, ComponentId.of("file_storage", "queue"),
            new QueueBatchConfig(Duration.ofSeconds(1), 1000, 2000, Sizer.ITEMS))));
  }

  @Test
  void emptyBatchKeyEnablesBatchingWithDefaults() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ExporterHelperConfig config = bind("config.yaml", "otlp/batch_defaults", problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(config.timeout().hasTimeout()).isFalse();
    assertThat(config.queue().batch()).isEqualTo(QueueBatchConfig.defaults());
    assertThat(config.queue().batch()).isEqualTo(new QueueBatchConfig(Duration.ofMillis(200), 8192, 0, Sizer.ITEMS));
  }

  @Test
  void batchSizerFollowsAWrittenQueueSizer() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("sending_queue: {sizer: bytes, queue_size: 100000000, batch: {}}", "t.yaml", "exporters.otlp", problems);
    QueueConfig q = ExporterHelperConfig.from(node).queue();
    assertThat(problems.errors()).isEmpty();
    assertThat(q.batch().sizer()).isEqualTo(Sizer.BYTES);
  }

  @Test
  void disabledQueueSkipsQueueValidation() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("sending_queue: {enabled: false, queue_size: 0}", "t.yaml", "exporters.otlp", problems);
    assertThat(ExporterHelperConfig.from(node).queue().enabled()).isFalse();
    assertThat(problems.errors()).isEmpty();
  }

  private static Arguments set(String section, String message) {
    return Arguments.argumentSet(section, section, message);
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        set("otlp/negative_timeout",
            "exporters.otlp/negative_timeout.timeout: \"-5s\" (expected: a non-negative duration, e.g. 5s) [invalid_configs.yaml:3]"),
        set("otlp/randomization_factor",
            "exporters.otlp/randomization_factor.retry_on_failure.randomization_factor: 1.5 (expected: a number within [0, 1]) [invalid_configs.yaml:6]"),
        set("otlp/negative_multiplier",
            "exporters.otlp/negative_multiplier.retry_on_failure.multiplier: -1 (expected: a non-negative number) [invalid_configs.yaml:9]"),
        set("otlp/max_elapsed_below_initial",
            "exporters.otlp/max_elapsed_below_initial.retry_on_failure.max_elapsed_time: 5s (expected: 0 or not less than initial_interval (10s)) [invalid_configs.yaml:14]"),
        set("otlp/max_elapsed_below_max_interval",
            "exporters.otlp/max_elapsed_below_max_interval.retry_on_failure.max_elapsed_time: 20s (expected: 0 or not less than max_interval (30s)) [invalid_configs.yaml:17]"),
        set("otlp/zero_queue_size",
            "exporters.otlp/zero_queue_size.sending_queue.queue_size: 0 (expected: > 0) [invalid_configs.yaml:20]"),
        set("otlp/zero_num_consumers",
            "exporters.otlp/zero_num_consumers.sending_queue.num_consumers: 0 (expected: > 0) [invalid_configs.yaml:23]"),
        set("otlp/bad_sizer",
            "exporters.otlp/bad_sizer.sending_queue.sizer: \"spans\" (expected: one of requests, items, bytes) [invalid_configs.yaml:26]"),
        set("otlp/wait_for_result_with_storage",
            "exporters.otlp/wait_for_result_with_storage.sending_queue.wait_for_result: true (expected: false when storage is set; a persistent queue cannot wait for results) [invalid_configs.yaml:30]"),
        set("otlp/bad_storage_id",
            "exporters.otlp/bad_storage_id.sending_queue.storage: the part after / should not be empty in id \"file_storage/\" (expected: type/name) [invalid_configs.yaml:33]"),
        set("otlp/batch_requests_sizer",
            "exporters.otlp/batch_requests_sizer.sending_queue.batch.sizer: \"requests\" (expected: items or bytes; batches are measured in items or bytes) [invalid_configs.yaml:37]"),
        set("otlp/batch_zero_flush_timeout",
            "exporters.otlp/batch_zero_flush_timeout.sending_queue.batch.flush_timeout: 0s (expected: a positive duration, e.g. 200ms) [invalid_configs.yaml:41]"),
        set("otlp/batch_max_below_min",
            "exporters.otlp/batch_max_below_min.sending_queue.batch.max_size: 10 (expected: 0 or >= min_size (100)) [invalid_configs.yaml:48]"),
        set("otlp/batch_min_above_queue_size",
            "exporters.otlp/batch_min_above_queue_size.sending_queue.batch.min_size: 100 (expected: <= queue_size (10) when the batch and the queue use the same sizer) [invalid_configs.yaml:54]"),
        set("otlp/unknown_key",
            "exporters.otlp/unknown_key.sending_queue.num_consumer: unknown key; did you mean \"num_consumers\"? (expected one of: batch, block_on_overflow, enabled, num_consumers, queue_size, sizer, storage, wait_for_result) [invalid_configs.yaml:57]"));
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidSectionReportsExactMessage(String section, String expected) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    bind("invalid_configs.yaml", section, problems);
    List<String> messages = problems.errors().stream().map(ConfigProblem::toString).toList();
    assertThat(messages).containsExactly(expected);
  }
}
