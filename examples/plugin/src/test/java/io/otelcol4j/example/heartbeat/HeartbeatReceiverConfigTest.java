package io.otelcol4j.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

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

class HeartbeatReceiverConfigTest {
  private final HeartbeatReceiverFactory factory = new HeartbeatReceiverFactory();

  @Test
  void emptyNodeBindsToDefaults() {
    assertThat(factory.createDefaultConfig())
        .isEqualTo(new HeartbeatReceiverConfig(Duration.ofSeconds(10), "heartbeat"))
        .isEqualTo(HeartbeatReceiverConfig.defaults());
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode root = ConfigNode.fromYaml(read("config.yaml"), "config.yaml", "receivers", problems);
    ConfigNode plain = root.child("heartbeat");
    ConfigNode custom = root.child("heartbeat/custom");
    HeartbeatReceiverConfig plainConfig = factory.parseConfig(plain);
    HeartbeatReceiverConfig customConfig = factory.parseConfig(custom);
    plain.reportUnknownKeys();
    custom.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(plainConfig).isEqualTo(HeartbeatReceiverConfig.defaults());
    assertThat(customConfig).isEqualTo(new HeartbeatReceiverConfig(Duration.ofMillis(250), "still here"));
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("heartbeat/zero_interval",
            "receivers.heartbeat/zero_interval.interval: \"0s\" (expected: a positive duration, e.g. 10s) [invalid_configs.yaml:2]"),
        invalid("heartbeat/negative_interval",
            "receivers.heartbeat/negative_interval.interval: \"-1s\" (expected: a non-negative duration, e.g. 5s) [invalid_configs.yaml:4]"),
        invalid("heartbeat/bad_interval",
            "receivers.heartbeat/bad_interval.interval: \"often\" (expected: a duration, e.g. 5s, 1m30s, 250ms) [invalid_configs.yaml:6]"),
        invalid("heartbeat/empty_message",
            "receivers.heartbeat/empty_message.message: \"\" (expected: a non-empty text) [invalid_configs.yaml:8]"),
        invalid("heartbeat/unknown_key",
            "receivers.heartbeat/unknown_key.intervall: unknown key; did you mean \"interval\"? (expected one of: interval, message) [invalid_configs.yaml:10]"));
  }

  private static Arguments invalid(String section, String expectedMessage) {
    return Arguments.argumentSet(section, section, expectedMessage);
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidSectionReportsExactMessage(String section, String expected) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml(read("invalid_configs.yaml"), "invalid_configs.yaml", "receivers", problems)
        .child(section);
    factory.parseConfig(node);
    node.reportUnknownKeys();

    List<String> messages = problems.errors().stream().map(ConfigProblem::toString).toList();
    assertThat(messages).containsExactly(expected);
  }

  private static String read(String name) throws IOException {
    try (InputStream in = HeartbeatReceiverConfigTest.class.getResourceAsStream("/testdata/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
