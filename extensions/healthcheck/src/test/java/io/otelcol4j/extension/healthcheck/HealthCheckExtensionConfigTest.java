package io.otelcol4j.extension.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.extension.healthcheck.HealthCheckExtensionConfig.CheckCollectorPipeline;
import io.otelcol4j.extension.healthcheck.HealthCheckExtensionConfig.ResponseBody;
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

class HealthCheckExtensionConfigTest {
  private final HealthCheckExtensionFactory factory = new HealthCheckExtensionFactory();

  @Test
  void emptyConfigIsTheDefault() {
    HealthCheckExtensionConfig config = factory.createDefaultConfig();

    assertThat(config).isEqualTo(new HealthCheckExtensionConfig(
        "localhost:13133", "/", null, new CheckCollectorPipeline(false, Duration.ofMinutes(5), 5)));
    assertThat(config).isEqualTo(HealthCheckExtensionConfig.defaults());
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode root = ConfigNode.fromYaml(read("config.yaml"), "config.yaml", "extensions", problems);

    var configs = root.entries();
    HealthCheckExtensionConfig plain = factory.parseConfig(configs.get("health_check"));
    HealthCheckExtensionConfig full = factory.parseConfig(configs.get("health_check/1"));
    HealthCheckExtensionConfig ipv6 = factory.parseConfig(configs.get("health_check/ipv6"));
    root.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(plain).isEqualTo(HealthCheckExtensionConfig.defaults());
    assertThat(full).isEqualTo(new HealthCheckExtensionConfig(
        "0.0.0.0:13",
        "/health/status",
        new ResponseBody("I'm OK", "I'm down"),
        new CheckCollectorPipeline(true, Duration.ofSeconds(30), 3)));
    assertThat(ipv6).isEqualTo(new HealthCheckExtensionConfig(
        "[::1]:0", "/", new ResponseBody("", ""), CheckCollectorPipeline.defaults()));
  }

  static Stream<Arguments.ArgumentSet> invalidConfigs() {
    return Stream.of(
        invalid("health_check/endpoint_without_port",
            "extensions.health_check/endpoint_without_port.endpoint: \"localhost\" (expected: host:port with a port"
                + " from 0 to 65535, e.g. localhost:13133) [invalid_configs.yaml:3]"),
        invalid("health_check/endpoint_bad_port",
            "extensions.health_check/endpoint_bad_port.endpoint: \"localhost:70000\" (expected: host:port with a port"
                + " from 0 to 65535, e.g. localhost:13133) [invalid_configs.yaml:5]"),
        invalid("health_check/empty_endpoint",
            "extensions.health_check/empty_endpoint.endpoint: \"\" (expected: host:port with a port"
                + " from 0 to 65535, e.g. localhost:13133) [invalid_configs.yaml:7]"),
        invalid("health_check/relative_path",
            "extensions.health_check/relative_path.path: \"health\" (expected: a path starting with /, e.g. /health)"
                + " [invalid_configs.yaml:9]"),
        invalid("health_check/zero_threshold",
            "extensions.health_check/zero_threshold.check_collector_pipeline.exporter_failure_threshold: 0"
                + " (expected: a positive integer) [invalid_configs.yaml:12]"),
        invalid("health_check/bad_interval",
            "extensions.health_check/bad_interval.check_collector_pipeline.interval: \"5 minutes\""
                + " (expected: a duration, e.g. 5s, 1m30s, 250ms) [invalid_configs.yaml:15]"),
        invalid("health_check/tls_unsupported",
            "extensions.health_check/tls_unsupported.tls: unknown key (expected one of: check_collector_pipeline,"
                + " endpoint, path, response_body) [invalid_configs.yaml:18]"),
        invalid("health_check/response_body_not_a_map",
            "extensions.health_check/response_body_not_a_map.response_body: healthy (expected: a map)"
                + " [invalid_configs.yaml:20]"),
        invalid("health_check/misspelt_healthy",
            "extensions.health_check/misspelt_healthy.response_body.healty: unknown key; did you mean \"healthy\"?"
                + " (expected one of: healthy, unhealthy) [invalid_configs.yaml:23]"));
  }

  /** A case named after its section, passing the section and the expected message. */
  private static Arguments.ArgumentSet invalid(String section, String expected) {
    return Arguments.argumentSet(section, section, expected);
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidConfigIsReportedWithPath(String section, String expected) throws IOException {
    assertThat(problems(section)).containsExactly(expected);
  }

  @Test
  void everyInvalidSectionIsTested() throws IOException {
    ConfigNode root = ConfigNode.fromYaml(read("invalid_configs.yaml"), "invalid_configs.yaml", "extensions",
        new ConfigProblems());
    assertThat(root.keys()).containsExactlyInAnyOrderElementsOf(
        invalidConfigs().map(Arguments.ArgumentSet::getName).toList());
  }

  @Test
  void endpointForms() {
    assertThat(HealthCheckExtensionConfig.socketAddress(":13133")).satisfies(a -> {
      assertThat(a.getAddress().isAnyLocalAddress()).isTrue();
      assertThat(a.getPort()).isEqualTo(13133);
    });
    assertThat(HealthCheckExtensionConfig.socketAddress("[::1]:80").getHostString()).isEqualTo("::1");
    assertThat(HealthCheckExtensionConfig.socketAddress("127.0.0.1:0").getPort()).isZero();
    assertThat(HealthCheckExtensionConfig.socketAddress("::1:80")).isNull();
    assertThat(HealthCheckExtensionConfig.socketAddress("localhost:")).isNull();
    assertThat(HealthCheckExtensionConfig.socketAddress("localhost:-1")).isNull();
  }

  private List<String> problems(String section) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode root = ConfigNode.fromYaml(read("invalid_configs.yaml"), "invalid_configs.yaml", "extensions", problems);
    ConfigNode node = root.entries().get(section);
    assertThat(node).as(section).isNotNull();
    factory.parseConfig(node);
    node.reportUnknownKeys();
    return problems.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static String read(String name) throws IOException {
    try (InputStream in = HealthCheckExtensionConfigTest.class.getResourceAsStream("/testdata/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
