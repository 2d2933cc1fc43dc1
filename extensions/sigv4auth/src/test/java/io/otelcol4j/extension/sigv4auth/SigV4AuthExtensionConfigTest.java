package io.otelcol4j.extension.sigv4auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigV4AuthExtensionConfigTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/amp-writer";
  private final SigV4AuthExtensionFactory factory = new SigV4AuthExtensionFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "extensions.sigv4auth", problems);
    SigV4AuthExtensionConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(factory.createDefaultConfig()).isEqualTo(SigV4AuthExtensionConfig.defaults());
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("sigv4auth"))).isEqualTo(SigV4AuthExtensionConfig.defaults());
    assertThat(bind(sections.get("sigv4auth/all"))).isEqualTo(new SigV4AuthExtensionConfig("us-west-2", "aps",
        new SigV4AuthExtensionConfig.AssumeRole(ROLE, "us-east-1", "otelcol")));
    assertThat(bind(sections.get("sigv4auth/role_only")))
        .isEqualTo(new SigV4AuthExtensionConfig("", "", new SigV4AuthExtensionConfig.AssumeRole(ROLE, "", "")));
    assertThat(problems.errors()).isEmpty();
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid("sigv4auth/bad_arn", "extensions.sigv4auth/bad_arn.assume_role.arn: \"amp-writer\" (expected: a role ARN,"
            + " e.g. arn:aws:iam::123456789012:role/name) [invalid_configs.yaml:4]"),
        invalid("sigv4auth/bad_session_name", "extensions.sigv4auth/bad_session_name.assume_role.session_name:"
            + " \"has spaces\" (expected: at most 64 of the characters [A-Za-z0-9_+=,.@-]) [invalid_configs.yaml:8]"),
        invalid("sigv4auth/session_without_arn", "extensions.sigv4auth/session_without_arn.assume_role.arn: missing"
            + " (expected: the role ARN when sts_region or session_name is set) [invalid_configs.yaml:11]"),
        invalid("sigv4auth/typo", "extensions.sigv4auth/typo.regoin: unknown key; did you mean \"region\"? (expected one"
            + " of: assume_role, region, service) [invalid_configs.yaml:13]"));
  }

  private static Arguments invalid(String section, String expected) {
    return Arguments.argumentSet(section, section, expected);
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidConfigIsReportedExactly(String section, String expected) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = sections("invalid_configs.yaml", problems).get(section);
    assertThat(node).as(section).isNotNull();
    bind(node);

    assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(expected);
  }

  private SigV4AuthExtensionConfig bind(ConfigNode node) {
    SigV4AuthExtensionConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  private static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = SigV4AuthExtensionConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      return ConfigNode.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), file, "extensions", problems).entries();
    }
  }
}
